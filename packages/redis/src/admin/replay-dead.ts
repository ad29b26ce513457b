import type { DeadLetterReason } from '@personalize-kit/core'
import { closeClient, openClient } from '../stream/connect'
import { encodeBatch, type StreamBatch } from '../stream/entry'
import { streamKeys } from '../stream/keys'
import type { TierTarget } from './status'

/**
 * Which dead letters to re-enqueue.
 *
 * @example
 * ```ts
 * const options: ReplayDeadOptions = { url, reason: 'retries-exhausted', limit: 1000 }
 * ```
 */
export interface ReplayDeadOptions extends TierTarget {
  /** Only letters with this reason. Default: all. */
  reason?: DeadLetterReason
  /** At most this many dead-letter entries. Default: all. */
  limit?: number
}

/**
 * What `replayDeadLetters` did.
 *
 * @example
 * ```ts
 * const { entries, records } = await replayDeadLetters({ url })
 * ```
 */
export interface ReplayReport {
  /** Dead-letter entries moved back to the stream. */
  entries: number
  records: number
}

/**
 * Moves dead letters from `<stream>:dead` back into the stream (each move is one MULTI: append, count in the
 * backlog, delete the letter), so relays send them again once the cause is fixed. Records keep their eventIds.
 *
 * @example
 * ```ts
 * import { replayDeadLetters } from '@personalize-kit/redis'
 *
 * const { records } = await replayDeadLetters({ url: process.env.PERSONALIZE_REDIS_URL, reason: 'resource-not-found' })
 * console.log(`${records} records re-enqueued`)
 * ```
 */
export async function replayDeadLetters(options: ReplayDeadOptions = {}): Promise<ReplayReport> {
  const keys = streamKeys(options.stream)
  const owned = openClient({ url: options.url, client: options.redis }, { maxRetriesPerRequest: 1 })
  if (owned.owned) owned.client.on('error', () => {})
  const redis = owned.client
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  const report: ReplayReport = { entries: 0, records: 0 }
  try {
    let start = '-'
    while (report.entries < limit) {
      const page = await redis.xrange(keys.dead, start, '+', 'COUNT', 200)
      if (page.length === 0) break
      for (const [id, fields] of page) {
        if (report.entries >= limit) break
        const map = new Map<string, string>()
        for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string)
        if (options.reason !== undefined && map.get('reason') !== options.reason) continue
        const op = map.get('op')
        const records = JSON.parse(map.get('r') ?? '[]') as Record<string, unknown>[]
        // An entry no relay could read was stored raw: there is nothing to replay.
        if (map.get('t') === '(unreadable)' || op === undefined || records.length === 0) continue
        const batch: StreamBatch = {
          operation: op as StreamBatch['operation'],
          target: map.get('t') as string,
          records,
          enqueuedAt: Date.now(),
        }
        if (map.has('s')) batch.sessionId = map.get('s')
        if (map.has('u')) batch.userId = map.get('u')
        await redis
          .multi()
          .xadd(keys.stream, '*', ...encodeBatch(batch))
          .incrby(keys.backlog, records.length)
          .xdel(keys.dead, id)
          .exec()
        report.entries++
        report.records += records.length
      }
      const last = page[page.length - 1]?.[0] as string
      start = `(${last}`
    }
    return report
  } finally {
    await closeClient(owned)
  }
}
