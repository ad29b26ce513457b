import type {
  PersonalizeRuntimeClient,
  PersonalizeRuntimeClientConfig,
} from '@aws-sdk/client-personalize-runtime'
import type { MeterProvider } from '@opentelemetry/api'
import type { Logger } from '../types'

/**
 * Where an answer came from: the service (`personalize`), the short cache of earlier service answers (`cache`),
 * or the fallback (`fallback`) because the service was slow, failing or overloaded.
 *
 * @example
 * ```ts
 * const { source } = await recommendations.getRecommendations({ recommenderArn, userId: 'u-1' })
 * if (source === 'fallback') console.log('showing popular items instead')
 * ```
 */
export type RecommendationSource = 'personalize' | 'cache' | 'fallback'

/**
 * Why the fallback answered: the time budget ran out (`timeout`), the service call failed (`error`), or
 * `maxInFlight` calls were already waiting on the service (`overload`).
 *
 * @example
 * ```ts
 * const answer = await recommendations.getRecommendations({ recommenderArn, userId: 'u-1' })
 * if (answer.fallbackReason === 'timeout') console.log('Personalize took longer than the budget')
 * ```
 */
export type FallbackReason = 'timeout' | 'error' | 'overload'

/**
 * One recommended item, as Personalize returns it.
 *
 * @example
 * ```ts
 * const item: RecommendedItem = { itemId: 'sku-42', score: 0.12, reason: ['Popular item'] }
 * ```
 */
export interface RecommendedItem {
  itemId: string
  /** The model's score; absent on fallback items. */
  score?: number
  /** Why the item was included (User-Personalization-v2, promotions, popular placeholders). */
  reason?: string[]
  /** The promotion that placed this item. */
  promotionName?: string
  /** Item columns requested with `metadataColumns`. */
  metadata?: Record<string, string>
}

/**
 * What `getRecommendations` and `getPersonalizedRanking` answer. Pass `items` and `recommendationId` to the page:
 * events that carry the `recommendationId` are attributed to this list. Fallback answers have no
 * `recommendationId`, so nothing is attributed to a list Personalize never made.
 *
 * @example
 * ```ts
 * const { items, recommendationId, source } = await recommendations.getRecommendations({ recommenderArn, userId })
 * ```
 */
export interface Recommendation {
  items: RecommendedItem[]
  /** The service's id of this list; the same for a cached copy; absent for the fallback. */
  recommendationId?: string
  source: RecommendationSource
  /** Set when `source` is `fallback`. */
  fallbackReason?: FallbackReason
}

/**
 * A fallback list: item ids or items, most relevant first.
 *
 * @example
 * ```ts
 * const popular: FallbackItems = ['sku-1', 'sku-2', { itemId: 'sku-3' }]
 * ```
 */
export type FallbackItems = readonly (string | RecommendedItem)[]

/**
 * What a fallback function is told.
 *
 * @example
 * ```ts
 * const fallback = ({ reason, itemId }: FallbackContext) => (itemId ? relatedFromCatalog(itemId) : bestSellers())
 * ```
 */
export interface FallbackContext {
  operation: 'GetRecommendations'
  reason: FallbackReason
  /** The error when `reason` is `error`. */
  error?: unknown
  campaignArn?: string
  recommenderArn?: string
  /** The user (or, for an anonymous visitor, the session) the list was for. */
  userId?: string
  itemId?: string
  /** How many items the page asked for (default 25). */
  numResults: number
}

/**
 * A static list, or a function (sync or async) that returns one, for example popular items from your database.
 * The answer is cut to `numResults`, and the `itemId` being viewed is left out.
 *
 * @example
 * ```ts
 * const fallback: Fallback = async ({ numResults }) => db.bestSellers(numResults)
 * ```
 */
export type Fallback = FallbackItems | ((context: FallbackContext) => FallbackItems | Promise<FallbackItems>)

/**
 * Input of {@link RecommendationClient.getRecommendations}: the GetRecommendations request, plus `sessionId` for
 * anonymous visitors and per-call `timeoutMs` and `fallback`.
 *
 * @example
 * ```ts
 * const input: GetRecommendationsInput = {
 *   recommenderArn: 'arn:aws:personalize:us-east-1:000000000000:recommender/demo-recommended-for-you',
 *   userId: user?.id,
 *   sessionId, // used as the user id when userId is absent, as Personalize documents for anonymous visitors
 *   numResults: 8,
 * }
 * ```
 */
export interface GetRecommendationsInput {
  /** Exactly one of `campaignArn` and `recommenderArn`. */
  campaignArn?: string
  recommenderArn?: string
  userId?: string
  /** The collector's session id: sent as `userId` when `userId` is absent (an anonymous visitor). */
  sessionId?: string
  /** The item to relate to (related-items campaigns, "also viewed" and similar recommenders). */
  itemId?: string
  /** Default 25; at most 500, or 50 with `metadataColumns`. */
  numResults?: number
  context?: Record<string, string>
  filterArn?: string
  filterValues?: Record<string, string>
  /** At most one: a share (1..100 %) of the slots given to items its filter selects. */
  promotions?: {
    name?: string
    percentPromotedItems?: number
    filterArn?: string
    filterValues?: Record<string, string>
  }[]
  metadataColumns?: Record<string, string[]>
  /** This call's budget; default the client's `timeoutMs`. */
  timeoutMs?: number
  /** This call's fallback; default the client's `fallback`. */
  fallback?: Fallback
}

/**
 * Input of {@link RecommendationClient.getPersonalizedRanking}. The fallback is `inputList` in the order given.
 *
 * @example
 * ```ts
 * const input: GetPersonalizedRankingInput = {
 *   campaignArn: 'arn:aws:personalize:us-east-1:000000000000:campaign/demo-ranking',
 *   userId: 'u-1',
 *   inputList: ['sku-1', 'sku-2', 'sku-3'],
 * }
 * ```
 */
export interface GetPersonalizedRankingInput {
  campaignArn: string
  userId?: string
  /** Sent as `userId` when `userId` is absent. */
  sessionId?: string
  /** Items to order: at most 500, or 50 with `metadataColumns`. */
  inputList: readonly string[]
  context?: Record<string, string>
  filterArn?: string
  filterValues?: Record<string, string>
  metadataColumns?: Record<string, string[]>
  timeoutMs?: number
}

/**
 * Options of {@link createRecommendationClient}.
 *
 * @example
 * ```ts
 * const options: RecommendationClientOptions = {
 *   clientConfig: { region: 'us-east-1' },
 *   timeoutMs: 150,
 *   cache: { ttlMs: 5_000, maxEntries: 1_000 },
 *   fallback: ['sku-1', 'sku-2'],
 * }
 * ```
 */
export interface RecommendationClientOptions {
  /** A client of your own. It is used as is (its retries count against the time budget). */
  client?: PersonalizeRuntimeClient
  /** Used to build a client (with `maxAttempts: 1`: the fallback, not a retry, answers a failed call). */
  clientConfig?: PersonalizeRuntimeClientConfig
  /** How long a caller waits for the service before the fallback answers. Default 150 ms. */
  timeoutMs?: number
  /**
   * How long a service call may run in the background after its caller got the fallback; a late answer still fills
   * the cache. Default 2000 ms.
   */
  requestTimeoutMs?: number
  /** Service answers kept per distinct request; `false` turns the cache off. Default `{ ttlMs: 5000, maxEntries: 1000 }`. */
  cache?: { ttlMs?: number; maxEntries?: number } | false
  /** Answer on timeout, error or overload. Default: no items. */
  fallback?: Fallback
  /** Distinct service calls in flight at most; more get the fallback at once. Default 64. */
  maxInFlight?: number
  logger?: Logger
  /** OpenTelemetry meter provider; defaults to the global one (a no-op until an SDK registers). */
  meterProvider?: MeterProvider
}

/**
 * Counters since creation. Every request ends in exactly one of `personalize`, `cache`, `fallback` or `invalid`;
 * `coalesced` counts the requests that shared another one's service call.
 *
 * @example
 * ```ts
 * const { requests, fallback, fallbackByReason } = recommendations.stats()
 * ```
 */
export interface RecommendationStats {
  requests: number
  personalize: number
  cache: number
  fallback: number
  fallbackByReason: Record<FallbackReason, number>
  /** Requests refused by validation (a `PersonalizeValidationError` was thrown). */
  invalid: number
  /** Requests answered by a service call another request had started. */
  coalesced: number
  /** Service calls made, and how many of them failed. */
  calls: number
  callErrors: number
  /** Service calls that succeeded after their first caller had already got the fallback. */
  lateAnswers: number
  inFlight: number
  cacheSize: number
}

/**
 * A Personalize Runtime client for pages: answers within a time budget, from the service, a short cache or a
 * fallback, and never rejects because the service is slow or failing.
 *
 * @example
 * ```ts
 * const recommendations: RecommendationClient = createRecommendationClient({ clientConfig: { region: 'us-east-1' } })
 * const { items, recommendationId } = await recommendations.getRecommendations({ recommenderArn, userId: 'u-1' })
 * ```
 */
export interface RecommendationClient {
  /** GetRecommendations. Rejects only with a `PersonalizeValidationError` for input that breaks a limit. */
  getRecommendations(input: GetRecommendationsInput): Promise<Recommendation>
  /** GetPersonalizedRanking. Rejects only with a `PersonalizeValidationError` for input that breaks a limit. */
  getPersonalizedRanking(input: GetPersonalizedRankingInput): Promise<Recommendation>
  stats(): RecommendationStats
  /** Forgets cached answers (for example after a catalog change). */
  clearCache(): void
  /** Aborts calls still in flight and, when the client built its own SDK client, destroys it. */
  destroy(): void
}
