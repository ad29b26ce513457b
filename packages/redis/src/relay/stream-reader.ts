import type { Logger } from '@personalize-kit/core'
import type { Redis } from 'ioredis'
import type { StreamKeys } from '../stream/keys'
import type { ScriptedRedis } from '../stream/scripts'
import type { RelayStats } from './create-relay'
import type { EntryBook } from './entry-book'
import type { RelayGauges, RelayMetrics } from './metrics'
import type { ResolvedRelayOptions } from './options'
import type { Sleeper } from './sleeper'
import { trimAcknowledged } from './trim'

const PREFIX = '[@personalize-kit/redis]'

/** What the reader needs from the relay around it. */
export interface StreamReaderDeps {
  redis: ScriptedRedis
  /** A connection of its own: XREADGROUP BLOCK holds it. */
  reader: Redis
  keys: StreamKeys
  consumer: string
  config: ResolvedRelayOptions
  book: EntryBook
  /** Starts waiting calls once a read's entries are in. */
  pump(): void
  stats: RelayStats
  metrics: RelayMetrics
  gauges: RelayGauges
  logger: Logger
  sleeper: Sleeper
}

/**
 * The relay's side of the stream: reads new entries in the consumer group, and on a timer keeps its own entries
 * from looking abandoned, claims entries of relays that stopped (XAUTOCLAIM), dead-letters entries that keep
 * killing relays, trims what every group acknowledged, and refreshes the gauges.
 */
export function createStreamReader(deps: StreamReaderDeps) {
  const { redis, keys, consumer, config, book, stats, metrics, gauges, logger, sleeper } = deps
  let reading = false
  let redisDown = false
  let maintaining = false

  async function ensureGroup(): Promise<void> {
    try {
      // From 0, not $: batches appended before the first relay ever started are delivered too.
      await redis.xgroup('CREATE', keys.stream, keys.group, '0', 'MKSTREAM')
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error
    }
  }

  async function read(): Promise<void> {
    while (reading) {
      await book.waitForRoom()
      if (!reading) break
      let reply: [string, [string, string[]][]][] | null
      try {
        reply = (await deps.reader.xreadgroup(
          'GROUP',
          keys.group,
          consumer,
          'COUNT',
          // An entry holds up to 10 records: read no more than the room left could take.
          Math.max(1, Math.min(config.readCount, Math.floor((config.maxHeldRecords - stats.held) / 10))),
          'BLOCK',
          config.blockMs,
          'STREAMS',
          keys.stream,
          '>',
        )) as [string, [string, string[]][]][] | null
        if (redisDown) logger.info({}, `${PREFIX} Redis is back; relay ${consumer} resumes`)
        redisDown = false
      } catch (error) {
        if (!reading) break
        const message = String((error as Error).message)
        if (!redisDown)
          logger.warn({ err: message }, `${PREFIX} relay ${consumer} cannot read the stream; retrying`)
        redisDown = true
        // A Redis restarted without its data lost the group too.
        if (message.includes('NOGROUP')) await ensureGroup().catch(() => {})
        await sleeper.sleep(500)
        continue
      }
      for (const [, entries] of reply ?? [])
        for (const [id, fields] of entries) book.accept(id, fields, false)
      deps.pump()
    }
  }

  /** Keeps this relay's entries from looking abandoned, claims entries of relays that stopped, trims. */
  async function maintain(): Promise<void> {
    // A slow round (Redis restarting) must not overlap the next.
    if (maintaining) return
    maintaining = true
    try {
      await refreshHeld()
      await claimAbandoned()
      await trimAcknowledged(redis, keys.stream)
      const [backlog, pending, dead] = await Promise.all([
        redis.get(keys.backlog),
        redis.xpending(keys.stream, keys.group) as Promise<unknown[]>,
        redis.xlen(keys.dead),
      ])
      gauges.backlog = Number(backlog ?? 0)
      gauges.pending = Number(pending[0] ?? 0)
      gauges.deadLetters = Number(dead)
    } catch (error) {
      logger.debug(
        { err: String(error) },
        `${PREFIX} maintenance failed; next round in ${config.claimIntervalMs} ms`,
      )
    } finally {
      maintaining = false
    }
  }

  async function refreshHeld(): Promise<void> {
    const ids = [...book.held.keys()]
    for (let i = 0; i < ids.length; i += 500) {
      // JUSTID resets the idle time without counting a delivery.
      await redis.xclaim(keys.stream, keys.group, consumer, 0, ...ids.slice(i, i + 500), 'JUSTID')
    }
  }

  async function claimAbandoned(): Promise<void> {
    let cursor = '0-0'
    for (let round = 0; round < 100 && reading && stats.held < config.maxHeldRecords; round++) {
      const reply = (await redis.xautoclaim(
        keys.stream,
        keys.group,
        consumer,
        config.claimIdleMs,
        cursor,
        'COUNT',
        100,
      )) as [string, [string, string[] | null][]]
      const [next, entries] = reply
      const live = entries.filter((e): e is [string, string[]] => e[1] !== null && !book.held.has(e[0]))
      if (live.length > 0) {
        const deliveries = await deliveryCounts(live.map((e) => e[0]))
        for (const [id, fields] of live) {
          stats.claimed++
          metrics.claimed(1)
          if ((deliveries.get(id) ?? 0) > config.maxDeliveries)
            abandonPoison(id, fields, deliveries.get(id) ?? 0)
          else book.accept(id, fields, true)
        }
        deps.pump()
      }
      cursor = next
      if (cursor === '0-0') break
    }
  }

  async function deliveryCounts(ids: string[]): Promise<Map<string, number>> {
    const rows = (await redis.xpending(
      keys.stream,
      keys.group,
      ids[0] as string,
      ids[ids.length - 1] as string,
      ids.length * 2,
      consumer,
    )) as [string, string, number, number][]
    return new Map(rows.map((row) => [row[0], Number(row[3])]))
  }

  function abandonPoison(id: string, fields: string[], deliveries: number): void {
    // Read by this many relays that all stopped before acknowledging it: it may be what kills them.
    const message = `entry ${id} was delivered to ${deliveries} relays that stopped before acknowledging it (maxDeliveries ${config.maxDeliveries})`
    logger.error({ id, deliveries }, `${PREFIX} ${message}; dead-lettering it`)
    book.accept(id, fields, true, message)
  }

  return {
    ensureGroup,
    maintain,
    /** Reads until `stopReading()`; resolves when the loop ended. */
    startReading(): Promise<void> {
      reading = true
      return read()
    },
    stopReading(): void {
      reading = false
      book.wake()
    },
  }
}
