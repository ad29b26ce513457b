/**
 * Defaults of `createRecommendationClient`. `timeoutMs` is what a page waits at most for Personalize (its
 * GetRecommendations latency is typically tens of milliseconds); `requestTimeoutMs` bounds a call that goes on in
 * the background after its caller got the fallback, so a late answer can still fill the cache.
 *
 * @example
 * ```ts
 * createRecommendationClient({ timeoutMs: RECOMMENDATION_DEFAULTS.timeoutMs * 2 }) // a slower region
 * ```
 */
export const RECOMMENDATION_DEFAULTS = {
  timeoutMs: 150,
  requestTimeoutMs: 2000,
  cacheTtlMs: 5000,
  cacheMaxEntries: 1000,
  maxInFlight: 64,
} as const
