import type { RuntimeOperation, RuntimeResource, RuntimeResourceKind } from './runtime-types'

/** Which input a kind needs and which operation it answers. @internal */
export interface KindInfo {
  resourceType: 'campaign' | 'recommender'
  operation: RuntimeOperation
  /** The Personalize name shown in messages (recipe type or use case). */
  label: string
  requires: 'userId' | 'itemId' | 'none'
  excludePurchased: boolean
}

/** Every kind the registry accepts. @internal */
export const KINDS: Readonly<Record<RuntimeResourceKind, KindInfo>> = {
  'user-personalization': {
    resourceType: 'campaign',
    operation: 'GetRecommendations',
    label: 'USER_PERSONALIZATION',
    requires: 'userId',
    excludePurchased: false,
  },
  'related-items': {
    resourceType: 'campaign',
    operation: 'GetRecommendations',
    label: 'RELATED_ITEMS',
    requires: 'itemId',
    excludePurchased: false,
  },
  'personalized-ranking': {
    resourceType: 'campaign',
    operation: 'GetPersonalizedRanking',
    label: 'PERSONALIZED_RANKING',
    requires: 'userId',
    excludePurchased: false,
  },
  popularity: {
    resourceType: 'campaign',
    operation: 'GetRecommendations',
    label: 'USER_PERSONALIZATION (Popularity-Count)',
    requires: 'userId',
    excludePurchased: false,
  },
  trending: {
    resourceType: 'campaign',
    operation: 'GetRecommendations',
    label: 'USER_PERSONALIZATION (Trending-Now)',
    requires: 'userId',
    excludePurchased: false,
  },
  'personalized-actions': {
    resourceType: 'campaign',
    operation: 'GetActionRecommendations',
    label: 'PERSONALIZED_ACTIONS',
    requires: 'userId',
    excludePurchased: false,
  },
  'recommended-for-you': {
    resourceType: 'recommender',
    operation: 'GetRecommendations',
    label: 'ecommerce recommended_for_you',
    requires: 'userId',
    excludePurchased: true,
  },
  'customers-who-viewed-x-also-viewed': {
    resourceType: 'recommender',
    operation: 'GetRecommendations',
    label: 'ecommerce customers_also_viewed',
    requires: 'itemId',
    excludePurchased: false,
  },
  'frequently-bought-together': {
    resourceType: 'recommender',
    operation: 'GetRecommendations',
    label: 'ecommerce frequently_bought_together',
    requires: 'itemId',
    excludePurchased: false,
  },
  'best-sellers': {
    resourceType: 'recommender',
    operation: 'GetRecommendations',
    label: 'ecommerce best_sellers',
    requires: 'none',
    excludePurchased: false,
  },
  'most-viewed': {
    resourceType: 'recommender',
    operation: 'GetRecommendations',
    label: 'ecommerce most_viewed',
    requires: 'none',
    excludePurchased: false,
  },
}

const ARN_PREFIX = 'arn:aws:personalize:us-east-1:000000000000'

/**
 * The demo dataset group the default resources learn from (the same ids as `EMULATOR_DEFAULTS` in
 * `@personalize-kit/core`, which zero-config apps send to).
 * @example
 * ```ts
 * new PutEventsCommand({ trackingId: DEMO_DATASET_GROUP.trackingId, sessionId: 's1', eventList })
 * ```
 */
export const DEMO_DATASET_GROUP = {
  trackingId: 'demo-tracking-id',
  actionTrackingId: 'demo-action-tracking-id',
  itemsDatasetArn: `${ARN_PREFIX}:dataset/demo/ITEMS`,
  actionsDatasetArn: `${ARN_PREFIX}:dataset/demo/ACTIONS`,
} as const

/**
 * ARNs of the campaigns and recommenders every emulator starts with (unless `runtime.defaults` is false).
 * @example
 * ```ts
 * new GetRecommendationsCommand({ recommenderArn: DEFAULT_RUNTIME_ARNS.recommendedForYou, userId: 'u1' })
 * ```
 */
export const DEFAULT_RUNTIME_ARNS = {
  userPersonalization: `${ARN_PREFIX}:campaign/demo-user-personalization`,
  relatedItems: `${ARN_PREFIX}:campaign/demo-related-items`,
  ranking: `${ARN_PREFIX}:campaign/demo-ranking`,
  recommendedForYou: `${ARN_PREFIX}:recommender/demo-recommended-for-you`,
  alsoViewed: `${ARN_PREFIX}:recommender/demo-also-viewed`,
  bestSellers: `${ARN_PREFIX}:recommender/demo-best-sellers`,
  frequentlyBoughtTogether: `${ARN_PREFIX}:recommender/demo-frequently-bought-together`,
} as const

/** The default set, with kinds. @internal */
export function defaultRuntimeResources(): RuntimeResource[] {
  return [
    { arn: DEFAULT_RUNTIME_ARNS.userPersonalization, kind: 'user-personalization' },
    { arn: DEFAULT_RUNTIME_ARNS.relatedItems, kind: 'related-items' },
    { arn: DEFAULT_RUNTIME_ARNS.ranking, kind: 'personalized-ranking' },
    { arn: DEFAULT_RUNTIME_ARNS.recommendedForYou, kind: 'recommended-for-you' },
    { arn: DEFAULT_RUNTIME_ARNS.alsoViewed, kind: 'customers-who-viewed-x-also-viewed' },
    { arn: DEFAULT_RUNTIME_ARNS.bestSellers, kind: 'best-sellers' },
    { arn: DEFAULT_RUNTIME_ARNS.frequentlyBoughtTogether, kind: 'frequently-bought-together' },
  ]
}
