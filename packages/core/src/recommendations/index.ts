export { createRecommendationClient } from './create-recommendation-client'
export { RECOMMENDATION_DEFAULTS } from './defaults'
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
