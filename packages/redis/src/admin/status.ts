import type { Operation } from '@personalize-kit/core'
import type { Redis } from 'ioredis'
import { closeClient, openClient } from '../stream/connect'
import { streamKeys } from '../stream/keys'

const OPERATIONS: Operation[] = ['PutEvents', 'PutItems', 'PutUsers', 'PutActions', 'PutActionInteractions']

/**
 * Where to look: the same `url`/`redis` and `stream` as the relays.
 *
 * @example
 * ```ts
 * const target: TierTarget = { url: 'redis://127.0.0.1:6379', stream: 'personalize' }
 * ```
 */
export interface TierTarget {
  url?: string
  redis?: Redis
  stream?: string
}

/**
 * A snapshot of one tier, as `personalize-relay status` prints it.
 *
 * @example
 * ```ts
 * const { backlog, relays, deadLetters } = await tierStatus({ url })
 * ```
 */
export interface TierStatus {
  stream: string
  /** Records appended and not yet delivered or dead-lettered. */
  backlog: number
  /** Entries in the stream (acknowledged ones are trimmed every few seconds). */
  streamLength: number
  /** Entries appended and not yet read by any relay (XINFO GROUPS lag). */
  unread: number | null
  /** Entries read and not yet acknowledged, in total and per relay, with each relay's idle time. */
  pending: number
  relays: { name: string; pending: number; idleMs: number }[]
  /** Entries in `<stream>:dead`. */
  deadLetters: number
  /** The shared rate per operation that relays used: the limit, the current factor (1 unless throttled), calls/s now. */
  rates: Partial<Record<Operation, { limit: number; factor: number; current: number; pausedForMs: number }>>
}

function fieldsOf(row: unknown[]): Map<string, unknown> {
  const map = new Map<string, unknown>()
  for (let i = 0; i + 1 < row.length; i += 2) map.set(String(row[i]), row[i + 1])
  return map
}

/**
 * Reads the tier's state from Redis: backlog, pending entries per relay, dead letters and the shared rate.
 *
 * @example
 * ```ts
 * import { tierStatus } from '@personalize-kit/redis'
 *
 * const status = await tierStatus({ url: process.env.PERSONALIZE_REDIS_URL })
 * if (status.backlog > 100_000) console.warn('relays are behind', status.relays)
 * ```
 */
export async function tierStatus(target: TierTarget = {}): Promise<TierStatus> {
  const keys = streamKeys(target.stream)
  const owned = openClient(
    { url: target.url, client: target.redis },
    { maxRetriesPerRequest: 1, lazyConnect: false },
  )
  if (owned.owned) owned.client.on('error', () => {})
  const redis = owned.client
  try {
    const [backlog, streamLength, deadLetters, time] = await Promise.all([
      redis.get(keys.backlog),
      redis.xlen(keys.stream),
      redis.xlen(keys.dead),
      redis.time(),
    ])
    const now = Number(time[0]) * 1000 + Number(time[1]) / 1000
    const status: TierStatus = {
      stream: keys.stream,
      backlog: Number(backlog ?? 0),
      streamLength: Number(streamLength),
      unread: null,
      pending: 0,
      relays: [],
      deadLetters: Number(deadLetters),
      rates: {},
    }
    if (status.streamLength > 0 || (await redis.exists(keys.stream)) === 1) {
      const groups = ((await redis.xinfo('GROUPS', keys.stream)) as unknown[][]).map(fieldsOf)
      const group = groups.find((g) => g.get('name') === keys.group)
      if (group) {
        const lag = group.get('lag')
        status.unread = lag === null || lag === undefined ? null : Number(lag)
        status.pending = Number(group.get('pending') ?? 0)
        const consumers = ((await redis.xinfo('CONSUMERS', keys.stream, keys.group)) as unknown[][]).map(
          fieldsOf,
        )
        status.relays = consumers.map((c) => ({
          name: String(c.get('name')),
          pending: Number(c.get('pending') ?? 0),
          idleMs: Number(c.get('idle') ?? 0),
        }))
      }
    }
    for (const operation of OPERATIONS) {
      const [rate, factor, until] = await redis.hmget(`${keys.rate}${operation}`, 'rate', 'factor', 'until')
      if (rate === null) continue
      const limit = Number(rate)
      const f = Number(factor ?? 1)
      const pausedForMs = Math.max(0, Math.round(Number(until ?? 0) - now))
      status.rates[operation] = { limit, factor: f, current: pausedForMs > 0 ? 0 : limit * f, pausedForMs }
    }
    return status
  } finally {
    await closeClient(owned)
  }
}
