import type { Logger, Transport, TransportCall } from '@personalize-kit/core'
import { PersonalizeBacklogFullError, PersonalizeRedisUnavailableError } from './errors'
import { closeClient, openClient, type RedisConnection, redactUrl } from './stream/connect'
import { batchFromCall, encodeBatch } from './stream/entry'
import { type StreamKeys, streamKeys } from './stream/keys'
import { withScripts } from './stream/scripts'

const PREFIX = '[@personalize-kit/redis]'

/**
 * Options of `redisTransport`.
 *
 * @example
 * ```ts
 * const options: RedisTransportOptions = { url: 'rediss://default:secret@redis.internal:6380', maxBacklog: 500_000 }
 * ```
 */
export interface RedisTransportOptions extends RedisConnection {
  /** Stream name; relays must use the same. Default `personalize`. */
  stream?: string
  /**
   * Records the stream may hold undelivered (appended, not yet delivered or dead-lettered by a relay). A batch
   * that would pass it is refused and its records are dead-lettered with reason `backlog-full`. Default
   * 1 000 000; `0` means no bound (Redis memory is then the bound).
   */
  maxBacklog?: number
  /** How long one call waits for Redis to (re)connect before it fails and the dispatcher retries it. Default 1000. */
  connectWaitMs?: number
  /** Receives connection trouble (lines prefixed `[@personalize-kit/redis]`). Default: `console`. */
  logger?: Logger
}

/**
 * A transport that appends finished batches to the stream, plus what the app side can read about it.
 *
 * @example
 * ```ts
 * const transport: RedisTransport = redisTransport({ url: process.env.PERSONALIZE_REDIS_URL })
 * console.log(transport.keys.stream, await transport.backlog())
 * ```
 */
export interface RedisTransport extends Transport {
  readonly sharedRateLimit: true
  readonly keys: StreamKeys
  /** Records appended and not yet delivered or dead-lettered. */
  backlog(): Promise<number>
}

/**
 * The app side of the Redis tier: hand it to `createDispatcher({ transport })` and every finished batch (validated,
 * grouped, up to 10 records) is appended to a Redis stream with one `XADD` (pipelined). A call resolves when
 * Redis replied, so `flush()` and `close()` resolve once the records are durable in Redis (as durable as its AOF
 * setting makes them). Relays (`createRelay`, the `personalize-relay` bin) deliver them to Personalize within one
 * shared quota, so the dispatcher's own `rateLimits` are not applied. When Redis is unreachable a call fails
 * after `connectWaitMs` and the dispatcher keeps the records in its bounded queue and retries them.
 *
 * @example
 * ```ts title="server.ts"
 * import { createDispatcher } from '@personalize-kit/core'
 * import { redisTransport } from '@personalize-kit/redis'
 *
 * const dispatcher = createDispatcher({
 *   trackingId: process.env.PERSONALIZE_TRACKING_ID,
 *   flushIntervalMs: 200, // short: records are durable in Redis sooner, and the relays still send full batches
 *   transport: redisTransport({ url: process.env.PERSONALIZE_REDIS_URL }),
 * })
 * dispatcher.recordEvent({ sessionId: 's-1', eventType: 'click', itemId: 'sku-42' })
 * await dispatcher.flush() // in Redis now
 * ```
 */
export function redisTransport(options: RedisTransportOptions = {}): RedisTransport {
  const keys = streamKeys(options.stream)
  const maxBacklog = options.maxBacklog ?? 1_000_000
  if (!Number.isInteger(maxBacklog) || maxBacklog < 0)
    throw new RangeError(`${PREFIX} maxBacklog: must be a whole number >= 0, got ${maxBacklog}`)
  const connectWaitMs = options.connectWaitMs ?? 1000
  const logger = options.logger ?? console
  const owned = openClient(options, {
    // Fail fast while disconnected instead of queueing: the dispatcher holds the records (bounded) and retries.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    // Connect on the first batch: options built from the environment may create a transport nobody uses.
    lazyConnect: true,
  })
  const client = withScripts(owned.client)
  let down = false
  // One 'ready' listener shared by every waiting call (a burst of calls while reconnecting would add hundreds).
  let ready: Promise<void> | undefined
  const readyWithin = async (ms: number, signal?: AbortSignal): Promise<boolean> => {
    if (client.status === 'ready') return true
    if (client.status === 'wait') client.connect().catch(() => {})
    ready ??= new Promise<void>((resolve) =>
      client.once('ready', () => {
        ready = undefined
        resolve()
      }),
    )
    let timer: NodeJS.Timeout | undefined
    const outcome = await Promise.race([
      ready.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms)
        signal?.addEventListener('abort', () => resolve(false), { once: true })
      }),
    ])
    clearTimeout(timer)
    return outcome || (client.status as string) === 'ready'
  }
  const onError = (error: Error) => {
    if (down) return
    down = true
    const where = options.url === undefined ? '' : ` at ${redactUrl(options.url)}`
    logger.warn(
      { err: error.message },
      `${PREFIX} lost Redis${where}; records stay queued in memory and are retried`,
    )
  }
  const onReady = () => {
    if (down) logger.info({}, `${PREFIX} Redis is back; draining`)
    down = false
  }
  if (owned.owned) {
    client.on('error', onError)
    client.on('ready', onReady)
  }

  return {
    sharedRateLimit: true,
    keys,
    async send(call: TransportCall, { signal }: { signal?: AbortSignal }): Promise<void> {
      if (!(await readyWithin(connectWaitMs, signal)))
        throw new PersonalizeRedisUnavailableError(
          `no connection within ${connectWaitMs} ms (${client.status})`,
        )
      const batch = batchFromCall(call, Date.now())
      const fields = encodeBatch(batch)
      const [ok, value] = await client.pkEnqueue(
        keys.stream,
        keys.backlog,
        maxBacklog,
        batch.records.length,
        ...fields,
      )
      if (ok !== 1) throw new PersonalizeBacklogFullError(Number(value), maxBacklog)
    },
    async backlog(): Promise<number> {
      if (!(await readyWithin(connectWaitMs)))
        throw new PersonalizeRedisUnavailableError(
          `no connection within ${connectWaitMs} ms (${client.status})`,
        )
      return Number((await client.get(keys.backlog)) ?? 0)
    },
    async close(): Promise<void> {
      client.off('error', onError)
      client.off('ready', onReady)
      // ioredis must keep a listener, or a late connection error is printed as unhandled.
      if (owned.owned) client.on('error', () => {})
      await closeClient(owned)
    },
  }
}
