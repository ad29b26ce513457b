import { hostname } from 'node:os'
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import type { DeadLetterReason, Logger, Operation, TransportCall } from '@personalize-kit/core'
import { closeClient, openClient, redactUrl } from '../stream/connect'
import { streamKeys } from '../stream/keys'
import { withScripts } from '../stream/scripts'
import { createCallPipeline } from './call-pipeline'
import { createEntryBook } from './entry-book'
import { createRelayMetrics, type RelayGauges } from './metrics'
import { RATE_FIELD, type RelayOptions, resolveRelayOptions } from './options'
import { sendCall } from './send-call'
import { createSharedRate } from './shared-rate'
import { Sleeper } from './sleeper'
import { createStreamReader } from './stream-reader'

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
  const readerConnection = openClient(connection, ownOptions, true)
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
  for (const owned of [main, readerConnection]) {
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
  let started: Promise<void> | undefined
  let closing: Promise<void> | undefined
  let readLoop: Promise<void> | undefined
  let claimTimer: NodeJS.Timeout | undefined

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
        for (const record of records) book.settleRecord(record)
      },
      dead(info, records, reason, error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error ?? '')
        book.deadLetter(info.operation, records, reason, message)
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

  const book = createEntryBook({
    redis,
    keys,
    stats,
    metrics,
    logger,
    sleeper,
    maxHeldRecords: config.maxHeldRecords,
    add: (info, record) => pipeline.add(info, record),
  })
  const reader = createStreamReader({
    redis,
    reader: readerConnection.client,
    keys,
    consumer,
    config,
    book,
    pump: () => pipeline.pump(),
    stats,
    metrics,
    gauges,
    logger,
    sleeper,
  })

  async function start(): Promise<void> {
    if (started) return started
    started = (async () => {
      await reader.ensureGroup()
      const where = options.url === undefined ? '' : ` on ${redactUrl(options.url)}`
      logger.info(
        { consumer, stream: keys.stream },
        `${PREFIX} relay ${consumer} reading ${keys.stream}${where}`,
      )
      readLoop = reader.startReading()
      claimTimer = setInterval(() => void reader.maintain(), config.claimIntervalMs)
      claimTimer.unref()
      void reader.maintain()
    })()
    return started
  }

  async function close(closeOptions: { timeoutMs?: number } = {}): Promise<void> {
    if (closing) return closing
    closing = (async () => {
      const timeoutMs = closeOptions.timeoutMs ?? 10_000
      reader.stopReading()
      if (claimTimer) clearInterval(claimTimer)
      // Ends a blocking XREADGROUP at once; entries in a reply that never arrived stay pending and get claimed.
      readerConnection.client.disconnect(false)
      await readLoop?.catch(() => {})
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref())
      await Promise.race([finishHeld(), deadline])
      sleeper.stop()
      if (book.held.size > 0)
        logger.warn(
          { entries: book.held.size, records: stats.held },
          `${PREFIX} relay ${consumer} closed with ${book.held.size} entries unacknowledged; another relay claims them after ${config.claimIdleMs} ms`,
        )
      await pipeline.drained().catch(() => {})
      await closeClient(readerConnection)
      await closeClient(main)
      if (ownsSdk) sdk?.destroy()
      await plainTransport?.close?.()
    })()
    return closing
  }

  async function finishHeld(): Promise<void> {
    while (book.held.size > 0) {
      await pipeline.drained()
      if (book.held.size === 0) break
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
