import {
  createRecommendationClient,
  type Logger,
  type RecommendationClient,
  type RecommendationClientOptions,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'

/**
 * @internal
 * The middleware's recommendation client, built on first use (apps that never recommend pay nothing): the app's
 * own client, or one from `recommendationClientOptionsFromEnv()` merged with the given options (logging through the
 * middleware's logger unless they name one), which `destroy` then releases.
 */
export function lazyRecommendations(
  option: RecommendationClient | RecommendationClientOptions | undefined,
  logger: Logger,
): { get(): RecommendationClient; destroy(): void } {
  const own = isClient(option) ? option : undefined
  let built: RecommendationClient | undefined
  return {
    get() {
      if (own) return own
      if (built) return built
      const env = recommendationClientOptionsFromEnv()
      const given = (option ?? {}) as RecommendationClientOptions
      // clientConfig merges, so `{ clientConfig: { endpoint } }` keeps the environment's region and credentials.
      built = createRecommendationClient({
        ...env,
        ...given,
        clientConfig: { ...env.clientConfig, ...given.clientConfig },
        logger: given.logger ?? logger,
      })
      return built
    },
    destroy() {
      built?.destroy()
    },
  }
}

function isClient(option: unknown): option is RecommendationClient {
  return typeof (option as { getRecommendations?: unknown } | undefined)?.getRecommendations === 'function'
}
