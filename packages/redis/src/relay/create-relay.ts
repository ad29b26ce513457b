import { hostname } from 'node:os'
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import type { DeadLetterReason, Logger, Operation, TransportCall } from '@personalize-kit/core'
import { closeClient, openClient, redactUrl } from '../stream/connect'
import { decodeBatch } from '../stream/entry'
import { streamKeys } from '../stream/keys'
import { withScripts } from '../stream/scripts'
import { createCallPipeline } from './call-pipeline'
import { type HeldEntry, type HeldRecord, letterFields } from './held-entry'
import { createRelayMetrics, type RelayGauges } from './metrics'
import { RATE_FIELD, type RelayOptions, resolveRelayOptions } from './options'
import { sendCall } from './send-call'
import { createSharedRate } from './shared-rate'
import { Sleeper } from './sleeper'
import { trimAcknowledged } from './trim'

const PREFIX = '[@personalize-kit/redis]'
const OPERATIONS: Operation[] = ['PutEvents', 'PutItems', 'PutUsers', 'PutActions', 'PutActionInteractions']

/**
 * Counters of one relay since it started.
 *
 * @example
 * ```ts
 * const { delivered, resent, claimed } = relay.stats()
 * ```
 */
export interface RelayStats {
  /** Entries read from the stream (XREADGROUP) and claimed from stopped relays. */
  entriesRead: number
  /** Entries claimed from relays that stopped before acknowledging them (XAUTOCLAIM). */
  claimed: number
  /** Entries acknowledged (every record delivered or dead-lettered). */
  acknowledged: number
  /** Records the service accepted. */
  delivered: number
  /** Of those, records of claimed entries: possibly sent before (same eventIds, ignored by Personalize for training). */
  resent: number
  /** Records moved to `<stream>:dead`. */
  deadLettered: number
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>
  /** Records re-sent after a transient error. */
  retried: number
  /** Calls made to the service, including failed ones. */
  calls: number
  /** Calls that waited for the shared rate, and how long in total. */
  rateWaits: number
  rateWaitMs: number
  /** Grants given back because this process was too busy to use them at once (late calls would bunch). */
  staleGrants: number
  /** Records held now (read and not yet acknowledged). */
  held: number
}

/**
 * A running relay.
 *
 * @example
 * ```ts
 * const relay = createRelay({ url: 'redis://127.0.0.1:6379' })
 * await relay.start()
 * process.once('SIGTERM', () => void relay.close({ timeoutMs: 10_000 }))
 * ```
 */
export interface Relay {
  /** Joins the consumer group (creating the stream and group if needed) and starts reading. */
  start(): Promise<void>
  /**
   * Stops reading, finishes what it holds, and acknowledges it. Entries still unfinished at `timeoutMs`
   * (default 10 000) stay pending in Redis and another relay claims them after `claimIdleMs`. Never rejects.
   */
  close(options?: { timeoutMs?: number }): Promise<void>
  stats(): RelayStats
  /** This relay's consumer name in the group. */
  readonly consumer: string
}

/**
 * Creates a relay: it reads finished batches from the stream (a consumer group, so relays share the work), merges
 * batches of the same group into calls of up to 10, sends them to Personalize within one rate shared by every
 * relay (a schedule kept in Redis; a `ThrottlingException` slows them all), retries transient errors, bisects
 * invalid input, and acknowledges an entry only when every record of it was delivered or dead-lettered to
 * `<stream>:dead`. Entries left pending by a relay that died are claimed after `claimIdleMs` and sent again with
 * the same eventIds. Acknowledged entries are trimmed (never a blind MAXLEN).
 *
 * @example
 * ```ts title="relay.ts"
 * import { dispatcherOptionsFromEnv } from '@personalize-kit/core'
 * import { createRelay } from '@personalize-kit/redis'
 *
 * const relay = createRelay({
 *   ...dispatcherOptionsFromEnv(),
 *   url: process.env.PERSONALIZE_REDIS_URL,
 *   rateLimits: { events: 1000 }, // PutEvents calls per second for all relays together
 * })
 * await relay.start()
 * process.once('SIGTERM', () => void relay.close({ timeoutMs: 10_000 }))
 * ```
 */
export function createRelay(options: RelayOptions = {}): Relay {
  const config = resolveRelayOptions(options)
  const keys = streamKeys(options.stream)
  const logger: Logger = options.logger ?? console
  const consumer =
    options.consumer ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  const sleeper = new Sleeper()
  const rates = Object.fromEntries(OPERATIONS.map((op) => [op, config.rateLimits[RATE_FIELD[op]]])) as Record<
    Operation,
    number
  >
  const connection = { url: options.url, client: options.redis }
  // Every command waits for a reconnect rather than failing: the relay stops sending while Redis is away.
  const ownOptions = {
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  }
  const main = openClient(connection, ownOptions)
  const reader = openClient(connection, ownOptions, true)
  const redis = withScripts(main.client)
  let connectionLost = false
  const onConnectionError = (error: Error) => {
    if (connectionLost) return
    connectionLost = true
    logger.warn(
      { err: error.message },
      `${PREFIX} relay ${consumer} lost Redis; it sends nothing until it reconnects`,
    )
  }
  const onReady = () => {
    if (connectionLost) logger.info({}, `${PREFIX} relay ${consumer} reconnected to Redis`)
    connectionLost = false
  }
  for (const owned of [main, reader]) {
    if (!owned.owned) continue
    owned.client.on('error', onConnectionError)
    owned.client.on('ready', onReady)
  }
  const plainTransport =
    options.transport !== undefined && options.transport.sharedRateLimit !== true
      ? options.transport
      : undefined
  const ownsSdk = options.client === undefined && plainTransport === undefined
  const sdk =
    plainTransport === undefined
      ? (options.client ?? new PersonalizeEventsClient({ ...options.clientConfig, maxAttempts: 1 }))
      : undefined

  const stats: RelayStats = {
    entriesRead: 0,
    claimed: 0,
    acknowledged: 0,
    delivered: 0,
    resent: 0,
    deadLettered: 0,
    deadLetteredByReason: {},
    retried: 0,
    calls: 0,
    rateWaits: 0,
    rateWaitMs: 0,
    staleGrants: 0,
    held: 0,
  }
  const gauges: RelayGauges = { backlog: 0, pending: 0, deadLetters: 0, held: 0 }
  const metrics = createRelayMetrics(options.meterProvider, () => ({ ...gauges, held: stats.held }))
  const held = new Map<string, HeldEntry>()
  let reading = false
  let started: Promise<void> | undefined
  let closing: Promise<void> | undefined
  let readLoop: Promise<void> | undefined
  let claimTimer: NodeJS.Timeout | undefined
  let roomWaiter: (() => void) | undefined
  let redisDown = false
  let maintaining = false

  const rate = createSharedRate(
    redis,
    keys,
    rates,
    sleeper,
    (operation, ms) => {
      stats.rateWaits++
      stats.rateWaitMs += ms
      metrics.rateWait(operation, ms)
    },
    (_operation, grants) => {
      stats.staleGrants += grants
    },
  )

  const pipeline = createCallPipeline(
    config,
    {
      send: (call: TransportCall) =>
        plainTransport !== undefined
          ? plainTransport.send(call, { signal: AbortSignal.timeout(config.requestTimeoutMs) })
          : sendCall(sdk as PersonalizeEventsClient, call, config.requestTimeoutMs),
      acquire: (operation) => rate.acquire(operation),
      penalize: (operation) => void rate.penalize(operation, config.throttlePauseMs),
      delivered(info, records, ms) {
        stats.calls++
        stats.delivered += records.length
        metrics.delivered(info.operation, records.length)
        metrics.call(info.operation, records.length, ms, 'success')
        let resent = 0
        for (const record of records) if (record.entry.resend) resent++
        if (resent > 0) {
          stats.resent += resent
          metrics.resent(info.operation, resent)
        }
        for (const record of records) settleRecord(record)
      },
      dead(info, records, reason, error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error ?? '')
        deadLetter(info.operation, records, reason, message)
      },
      failedCall(info, size, ms) {
        stats.calls++
        metrics.call(info.operation, size, ms, 'error')
      },
      retried(count) {
        stats.retried += count
      },
    },
    sleeper,
    logger,
  )

  function deadLetter(
    operation: Operation,
    records: HeldRecord[],
    reason: DeadLetterReason,
    message: string,
  ): void {
    stats.deadLettered += records.length
    stats.deadLetteredByReason[reason] = (stats.deadLetteredByReason[reason] ?? 0) + records.length
    metrics.deadLettered(operation, reason, records.length)
    logger.warn(
      { operation, reason, records: records.length, error: message },
      `${PREFIX} ${records.length} record(s) dead-lettered: ${reason}`,
    )
    for (const record of records) {
      record.entry.letters.push({ reason, message, records: [record.data] })
      settleRecord(record)
    }
  }

  function settleRecord(record: HeldRecord): void {
    const entry = record.entry
    entry.remaining--
    if (entry.remaining === 0) void acknowledge(entry)
  }

  /** XACK with the entry's dead letters, atomically; retried until Redis answers or the relay stops. */
  async function acknowledge(entry: HeldEntry): Promise<void> {
    const letters = JSON.stringify(letterFields(entry, Date.now()))
    for (;;) {
      try {
        const { stream, backlog, dead, group } = keys
        await redis.pkSettle(stream, backlog, dead, group, entry.id, entry.batch.records.length, letters)
        stats.acknowledged++
        break
      } catch (error) {
        if (sleeper.stopped) break
        logger.debug({ err: String(error) }, `${PREFIX} acknowledging ${entry.id} failed; retrying`)
        await sleeper.sleep(500)
      }
    }
    release(entry)
  }

  function release(entry: HeldEntry): void {
    if (!held.delete(entry.id)) return
    stats.held -= entry.batch.records.length
    if (roomWaiter && stats.held < config.maxHeldRecords) roomWaiter()
  }

  /** Takes an entry into the pipeline; an unreadable one is dead-lettered whole. */
  function accept(id: string, fields: string[], resend: boolean, poison?: string): void {
    if (held.has(id)) return
    stats.entriesRead++
    let entry: HeldEntry
    try {
      const batch = decodeBatch(fields)
      entry = { id, batch, remaining: batch.records.length, letters: [], resend }
    } catch (error) {
      const raw = {
        operation: 'PutEvents' as Operation,
        target: '(unreadable)',
        records: [{ fields }],
        enqueuedAt: 0,
      }
      entry = { id, batch: raw, remaining: 0, letters: [], resend }
      entry.letters.push({
        reason: 'rejected',
        message: String((error as Error).message),
        records: [{ fields }],
      })
      held.set(id, entry)
      stats.held += 1
      stats.deadLettered += 1
      stats.deadLetteredByReason.rejected = (stats.deadLetteredByReason.rejected ?? 0) + 1
      void acknowledge(entry)
      return
    }
    held.set(id, entry)
    stats.held += entry.batch.records.length
    const { operation, target, sessionId, userId } = entry.batch
    if (poison !== undefined) {
      const records = entry.batch.records.map((data) => ({ entry, data }))
      deadLetter(operation, records, 'retries-exhausted', poison)
      return
    }
    for (const data of entry.batch.records)
      pipeline.add({ operation, target, sessionId, userId }, { entry, data })
  }

  async function ensureGroup(): Promise<void> {
    try {
      // From 0, not $: batches appended before the first relay ever started are delivered too.
      await redis.xgroup('CREATE', keys.stream, keys.group, '0', 'MKSTREAM')
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error
    }
  }

  function waitForRoom(): Promise<void> {
    if (stats.held < config.maxHeldRecords) return Promise.resolve()
    return new Promise((resolve) => {
      roomWaiter = () => {
        roomWaiter = undefined
        resolve()
      }
    })
  }

  async function read(): Promise<void> {
    while (reading) {
      await waitForRoom()
      if (!reading) break
      let reply: [string, [string, string[]][]][] | null
      try {
        reply = (await reader.client.xreadgroup(
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
      for (const [, entries] of reply ?? []) for (const [id, fields] of entries) accept(id, fields, false)
      pipeline.pump()
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
    const ids = [...held.keys()]
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
      const live = entries.filter((e): e is [string, string[]] => e[1] !== null && !held.has(e[0]))
      if (live.length > 0) {
        const deliveries = await deliveryCounts(live.map((e) => e[0]))
        for (const [id, fields] of live) {
          stats.claimed++
          metrics.claimed(1)
          if ((deliveries.get(id) ?? 0) > config.maxDeliveries)
            abandonPoison(id, fields, deliveries.get(id) ?? 0)
          else accept(id, fields, true)
        }
        pipeline.pump()
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
    accept(id, fields, true, message)
  }

  async function start(): Promise<void> {
    if (started) return started
    started = (async () => {
      await ensureGroup()
      reading = true
      const where = options.url === undefined ? '' : ` on ${redactUrl(options.url)}`
      logger.info(
        { consumer, stream: keys.stream },
        `${PREFIX} relay ${consumer} reading ${keys.stream}${where}`,
      )
      readLoop = read()
      claimTimer = setInterval(() => void maintain(), config.claimIntervalMs)
      claimTimer.unref()
      void maintain()
    })()
    return started
  }

  async function close(closeOptions: { timeoutMs?: number } = {}): Promise<void> {
    if (closing) return closing
    closing = (async () => {
      const timeoutMs = closeOptions.timeoutMs ?? 10_000
      reading = false
      if (claimTimer) clearInterval(claimTimer)
      roomWaiter?.()
      // Ends a blocking XREADGROUP at once; entries in a reply that never arrived stay pending and get claimed.
      reader.client.disconnect(false)
      await readLoop?.catch(() => {})
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())
      await Promise.race([finishHeld(), deadline])
      sleeper.stop()
      if (held.size > 0)
        logger.warn(
          { entries: held.size, records: stats.held },
          `${PREFIX} relay ${consumer} closed with ${held.size} entries unacknowledged; another relay claims them after ${config.claimIdleMs} ms`,
        )
      await pipeline.drained().catch(() => {})
      await closeClient(reader)
      await closeClient(main)
      if (ownsSdk) sdk?.destroy()
      await plainTransport?.close?.()
    })()
    return closing
  }

  async function finishHeld(): Promise<void> {
    while (held.size > 0) {
      await pipeline.drained()
      if (held.size === 0) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  return {
    start,
    close,
    consumer,
    stats: () => ({ ...stats, deadLetteredByReason: { ...stats.deadLetteredByReason } }),
  }
}
