export { createRecommendationClient } from './create-recommendation-client'
export { RECOMMENDATION_DEFAULTS } from './defaults'
export { EMULATOR_RESOURCES, recommendationClientOptionsFromEnv } from './options-from-env'
export type {
  Fallback,
  FallbackContext,
  FallbackItems,
  FallbackReason,
  GetPersonalizedRankingInput,
  GetRecommendationsInput,
  Recommendation,
  RecommendationClient,
  RecommendationClientOptions,
  RecommendationSource,
  RecommendationStats,
  RecommendedItem,
} from './types'
