/**
 * The three Personalize Runtime operations the emulator serves.
 * @example
 * ```ts
 * emulator.faults.add({ kind: 'latency', operation: 'GetRecommendations' satisfies RuntimeOperation, latencyMs: 300 })
 * ```
 */
export type RuntimeOperation = 'GetRecommendations' | 'GetPersonalizedRanking' | 'GetActionRecommendations'

/**
 * What a campaign's recipe or a recommender's use case is; it decides the inputs a call needs and how it scores.
 * Campaign kinds: `user-personalization`, `related-items`, `personalized-ranking`, `popularity`, `trending`,
 * `personalized-actions`. Recommender (e-commerce use case) kinds: `recommended-for-you`,
 * `customers-who-viewed-x-also-viewed`, `frequently-bought-together`, `best-sellers`, `most-viewed`.
 * @example
 * ```ts
 * const kind: RuntimeResourceKind = 'related-items'
 * ```
 */
export type RuntimeResourceKind =
  | 'user-personalization'
  | 'related-items'
  | 'personalized-ranking'
  | 'popularity'
  | 'trending'
  | 'personalized-actions'
  | 'recommended-for-you'
  | 'customers-who-viewed-x-also-viewed'
  | 'frequently-bought-together'
  | 'best-sellers'
  | 'most-viewed'

/**
 * A campaign or recommender the emulator answers for. It learns from the events recorded with `trackingId` and
 * knows the items put to `itemsDatasetArn` (the demo dataset group's by default).
 * @example
 * ```ts
 * await startEmulator({
 *   runtime: { resources: [{ arn: 'arn:aws:personalize:us-east-1:000000000000:campaign/shop-sims', kind: 'related-items' }] },
 * })
 * ```
 */
export interface RuntimeResource {
  /** `arn:aws:personalize:<region>:<account>:campaign/<name>` or `…:recommender/<name>` (recommender kinds). */
  arn: string
  kind: RuntimeResourceKind
  /** Events recorded with this tracking id train it. Default `demo-tracking-id`. */
  trackingId?: string
  /** Only items put to this dataset are recommended. Default the demo ITEMS dataset. */
  itemsDatasetArn?: string
  /** Action recommendations: actions put to this dataset. Default the demo ACTIONS dataset. */
  actionsDatasetArn?: string
  /** Action recommendations: action interactions recorded with this tracking id. Default `demo-action-tracking-id`. */
  actionTrackingId?: string
  /** Leave out items the user (or session) already purchased. Default true for `recommended-for-you` only. */
  excludePurchased?: boolean
}

/**
 * A filter the runtime calls can name with `filterArn`. Supported expressions:
 * `EXCLUDE|INCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("a", "b")` and
 * `EXCLUDE|INCLUDE ItemID WHERE Items.<FIELD> IN|NOT IN ("v1", "v2" | $PARAM)` (no `$PARAM` with NOT IN).
 * Anything else is refused when the filter is registered, naming the unsupported part.
 * @example
 * ```ts
 * const tea: RuntimeFilter = {
 *   arn: 'arn:aws:personalize:us-east-1:000000000000:filter/by-category',
 *   expression: 'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)',
 * }
 * ```
 */
export interface RuntimeFilter {
  arn: string
  expression: string
}

/**
 * Runtime options for `startEmulator`: extra resources and filters; `defaults: false` drops the demo set.
 * @example
 * ```ts
 * await startEmulator({ runtime: { defaults: false, resources: [{ arn, kind: 'popularity' }] } })
 * ```
 */
export interface RuntimeOptions {
  resources?: RuntimeResource[]
  filters?: RuntimeFilter[]
  /** Register the documented demo campaigns and recommenders. Default true. */
  defaults?: boolean
}

/**
 * What the emulator remembers about one answer, under its `recommendationId`.
 * @example
 * ```ts
 * const last = emulator.recommendations().at(-1)
 * last?.items // ['i3', 'i7', …] in the order they were recommended
 * ```
 */
export interface IssuedRecommendation {
  recommendationId: string
  /** The campaign or recommender ARN. */
  arn: string
  operation: RuntimeOperation
  userId?: string
  itemId?: string
  filterArn?: string
  /** Item ids (or action ids) in the order they were returned. */
  items: string[]
  /** Epoch milliseconds. */
  issuedAt: number
}
