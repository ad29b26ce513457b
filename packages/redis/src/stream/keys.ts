/**
 * The Redis keys one delivery tier uses, all derived from its stream name so several tiers (say, one per
 * environment) can share a Redis.
 *
 * @example
 * ```ts
 * const keys = streamKeys('personalize')
 * keys.dead // 'personalize:dead'
 * ```
 */
export interface StreamKeys {
  /** The stream of finished batches apps append to. */
  stream: string
  /** Dead letters: `<stream>:dead`. */
  dead: string
  /** Records appended and not yet acknowledged (the backlog bound counts these): `<stream>:backlog`. */
  backlog: string
  /** Prefix of the shared rate limiter's keys, one hash per operation: `<stream>:rate:<Operation>`. */
  rate: string
  /** The relays' consumer group. */
  group: string
}

/**
 * The default stream name.
 *
 * @example
 * ```ts
 * const length = await redis.xlen(DEFAULT_STREAM)
 * ```
 */
export const DEFAULT_STREAM = 'personalize'

/**
 * The consumer group every relay joins.
 *
 * @example
 * ```ts
 * const [pending] = await redis.xpending(DEFAULT_STREAM, RELAY_GROUP)
 * ```
 */
export const RELAY_GROUP = 'personalize-relays'

/**
 * Derives every key of a tier from its stream name.
 *
 * @example
 * ```ts
 * import { streamKeys } from '@personalize-kit/redis'
 *
 * const { stream, dead } = streamKeys('personalize-staging')
 * ```
 */
export function streamKeys(
  stream: string = process.env.PERSONALIZE_REDIS_STREAM || DEFAULT_STREAM,
): StreamKeys {
  if (stream.length === 0) throw new TypeError('[@personalize-kit/redis] stream: must be a non-empty string')
  return {
    stream,
    dead: `${stream}:dead`,
    backlog: `${stream}:backlog`,
    rate: `${stream}:rate:`,
    group: RELAY_GROUP,
  }
}
