import { EMULATOR_DEFAULTS } from '../dispatcher-options-from-env'
import { PersonalizeConfigError } from '../errors'
import type { RecommendationClientOptions } from './types'

const ARN_PREFIX = 'arn:aws:personalize:us-east-1:000000000000'

/**
 * The campaigns and recommenders the local emulator starts with, learning from the demo dataset group (events
 * recorded with `EMULATOR_DEFAULTS.trackingId`, items put to its demo datasets).
 *
 * @example
 * ```ts
 * const { items, recommendationId } = await recommendations.getRecommendations({
 *   recommenderArn: EMULATOR_RESOURCES.recommendedForYou,
 *   sessionId,
 * })
 * ```
 */
export const EMULATOR_RESOURCES = {
  /** Campaign, USER_PERSONALIZATION recipe: needs `userId` (or `sessionId`). */
  userPersonalization: `${ARN_PREFIX}:campaign/demo-user-personalization`,
  /** Campaign, RELATED_ITEMS recipe: needs `itemId`. */
  relatedItems: `${ARN_PREFIX}:campaign/demo-related-items`,
  /** Campaign, PERSONALIZED_RANKING recipe: for `getPersonalizedRanking`. */
  ranking: `${ARN_PREFIX}:campaign/demo-ranking`,
  /** Recommender, "recommended for you": needs `userId` (or `sessionId`). */
  recommendedForYou: `${ARN_PREFIX}:recommender/demo-recommended-for-you`,
  /** Recommender, "customers who viewed X also viewed": needs `itemId`. */
  alsoViewed: `${ARN_PREFIX}:recommender/demo-also-viewed`,
  /** Recommender, "best sellers": needs neither. */
  bestSellers: `${ARN_PREFIX}:recommender/demo-best-sellers`,
  /** Recommender, "frequently bought together" (learns from purchases): needs `itemId`. */
  frequentlyBoughtTogether: `${ARN_PREFIX}:recommender/demo-frequently-bought-together`,
} as const

const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined)

/**
 * Builds `RecommendationClientOptions` from environment variables, like `dispatcherOptionsFromEnv` does for
 * events. With `PERSONALIZE_TRACKING_ID` set the app targets AWS: `AWS_REGION`, credentials from the SDK's default
 * chain, and `PERSONALIZE_RUNTIME_ENDPOINT` only if set (Personalize Runtime has its own host, so
 * `PERSONALIZE_ENDPOINT` is not reused). Without it, the local emulator: `PERSONALIZE_RUNTIME_ENDPOINT`, else
 * `PERSONALIZE_ENDPOINT`, else `http://127.0.0.1:4599`, with dummy credentials; with `NODE_ENV=production` and
 * neither endpoint set it throws a `PersonalizeConfigError` instead (every page would get the fallback).
 * `PERSONALIZE_RECOMMENDATIONS_TIMEOUT_MS` sets the time budget.
 *
 * @example
 * ```ts title="server.ts"
 * import { createRecommendationClient, recommendationClientOptionsFromEnv } from '@personalize-kit/core'
 *
 * const recommendations = createRecommendationClient({ ...recommendationClientOptionsFromEnv(), fallback: ['sku-1'] })
 * ```
 */
export function recommendationClientOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): RecommendationClientOptions {
  const region = nonEmpty(env.AWS_REGION)
  const runtimeEndpoint = nonEmpty(env.PERSONALIZE_RUNTIME_ENDPOINT)
  const timeout = nonEmpty(env.PERSONALIZE_RECOMMENDATIONS_TIMEOUT_MS)
  const options: RecommendationClientOptions = {}
  if (timeout !== undefined) options.timeoutMs = Number(timeout)
  if (nonEmpty(env.PERSONALIZE_TRACKING_ID) === undefined) {
    const endpoint = runtimeEndpoint ?? nonEmpty(env.PERSONALIZE_ENDPOINT)
    if (env.NODE_ENV === 'production' && endpoint === undefined) {
      throw new PersonalizeConfigError(
        '[@personalize-kit/core] PERSONALIZE_TRACKING_ID is not set and NODE_ENV is production: recommendations would be asked of the local emulator and every page would get the fallback. Set PERSONALIZE_TRACKING_ID (and AWS_REGION), or set PERSONALIZE_RUNTIME_ENDPOINT or PERSONALIZE_ENDPOINT to target an emulator on purpose.',
      )
    }
    options.clientConfig = {
      region: region ?? EMULATOR_DEFAULTS.region,
      endpoint: endpoint ?? EMULATOR_DEFAULTS.endpoint,
      credentials: { ...EMULATOR_DEFAULTS.credentials },
    }
    return options
  }
  options.clientConfig = {
    ...(region !== undefined && { region }),
    ...(runtimeEndpoint !== undefined && { endpoint: runtimeEndpoint }),
  }
  return options
}
