import {
  createRecommendationClient,
  type GetRecommendationsInput,
  type Recommendation,
  type RecommendationClient,
  type RecommendationClientOptions,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'
import { registry } from './registry'
import { requestScope } from './request-scope'

/**
 * Input of `recommend`: a GetRecommendations input whose `userId` and `sessionId` default to the request's (the
 * app's `getUserId` and the collector's session cookie, read through `next/headers`).
 *
 * @example
 * ```ts
 * const input: RecommendInput = { recommenderArn: process.env.RECOMMENDED_FOR_YOU_ARN!, numResults: 8 }
 * ```
 */
export type RecommendInput = GetRecommendationsInput

type Identify = (input: {
  sessionId?: string
  userId?: string
}) => Promise<{ sessionId: string; userId?: string }>

/**
 * @internal
 * The process-wide recommendation client of instance `name` (shared by every bundle and surviving hot reloads,
 * like the dispatcher): the app's own client, or one built on first use from `recommendationClientOptionsFromEnv()`
 * with the given options merged over it.
 */
export function sharedRecommendations(
  name: string,
  option: RecommendationClient | RecommendationClientOptions | undefined,
): () => RecommendationClient {
  if (typeof (option as RecommendationClient | undefined)?.getRecommendations === 'function')
    return () => option as RecommendationClient
  return () => {
    const shared = registry()
    shared.recommendations ??= new Map()
    const clients = shared.recommendations
    let client = clients.get(name)
    if (!client) {
      const env = recommendationClientOptionsFromEnv()
      const given = (option ?? {}) as RecommendationClientOptions
      client = createRecommendationClient({
        ...env,
        ...given,
        clientConfig: { ...env.clientConfig, ...given.clientConfig },
      })
      clients.set(name, client)
    }
    return client
  }
}

/**
 * @internal
 * `recommend(input)`: inside a request, the visitor is the signed-in user or, for an anonymous visitor, the session
 * their events carry. It waits on `connection()` like `recordEvent`, so a prerender never fetches a personal list
 * (the page renders on demand). Outside a request nobody is looked up: pass `userId` or `sessionId`, or ask a
 * resource that needs neither (best sellers, related items).
 */
export function createRecommend(
  identify: Identify,
  recommendations: () => RecommendationClient,
): (input: RecommendInput) => Promise<Recommendation> {
  return async (input) => {
    const scope = await requestScope()
    const known = input.userId !== undefined || input.sessionId !== undefined
    const who = scope && !known ? await identify({}) : {}
    return recommendations().getRecommendations({ ...who, ...input })
  }
}
