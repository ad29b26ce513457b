import type {
  PersonalizeEventsClient,
  PersonalizeEventsClientConfig,
} from '@aws-sdk/client-personalize-events'
import type { MeterProvider } from '@opentelemetry/api'
import type { Logger, Operation, RateLimits, RetryOptions, Transport } from '@personalize-kit/core'
import type { Redis } from 'ioredis'

/**
 * Options of `createRelay`. It also accepts everything `dispatcherOptionsFromEnv()` returns (the Personalize
 * client settings are used; tracker and dataset defaults are not needed: every entry names its target).
 *
 * @example
 * ```ts
 * const options: RelayOptions = {
 *   url: 'redis://127.0.0.1:6379',
 *   clientConfig: { region: 'us-east-1' },
 *   rateLimits: { events: 1000 }, // shared by every relay of the stream
 * }
 * ```
 */
export interface RelayOptions {
  /** Redis URL (`redis://`, `rediss://` for TLS). Default `PERSONALIZE_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string
  /** An ioredis client of your own instead of `url` (the relay duplicates it for its blocking reads, never closes it). */
  redis?: Redis
  /** Stream name; the same as the apps' `redisTransport`. Default `personalize`. */
  stream?: string
  /** This relay's consumer name in the group; unique per process. Default `<hostname>-<pid>-<random>`. */
  consumer?: string
  /** A Personalize Events client of your own (build it with `maxAttempts: 1`: the relay owns retries). */
  client?: PersonalizeEventsClient
  /** Used to build the client when `client` is absent. */
  clientConfig?: PersonalizeEventsClientConfig
  /**
   * Calls per second per operation shared by **all** relays of the stream (a token bucket kept in Redis).
   * Defaults are the service quotas: events 1000, items 10, users 10, actions 10, actionInteractions 1000.
   */
  rateLimits?: Partial<RateLimits>
  /** Calls in flight at most in this relay. Default 50. */
  concurrency?: number
  /** Records this relay holds at most (read and not yet acknowledged); it stops reading beyond. Default 5000. */
  maxHeldRecords?: number
  /** Entries per XREADGROUP. Default 500. */
  readCount?: number
  /** How long one XREADGROUP blocks waiting for entries. Default 1000 ms. */
  blockMs?: number
  /** An entry pending this long on a relay that stopped refreshing it is claimed by another. Default 30 000 ms. */
  claimIdleMs?: number
  /** How often this relay looks for abandoned entries and trims the stream. Default 5000 ms. */
  claimIntervalMs?: number
  /** An entry claimed more often than this (it keeps killing relays) is dead-lettered. Default 5. */
  maxDeliveries?: number
  /** Per-call timeout. Default 10 000 ms. */
  requestTimeoutMs?: number
  /**
   * Backoff for throttling, 5xx and network errors. `maxAttempts` defaults to `Infinity`: a record in Redis is
   * durable, so an outage is waited out (the backlog bound protects memory) instead of dead-lettered.
   */
  retry?: RetryOptions
  /** Pause every relay for this long after a `ThrottlingException`. Default 500 ms. */
  throttlePauseMs?: number
  logger?: Logger
  /** OpenTelemetry meter provider; defaults to the global one. */
  meterProvider?: MeterProvider
  /** Ignored unless it is a plain (non-Redis) transport, which the relay then sends through instead of the SDK. */
  transport?: Transport
  /** Accepted (from `dispatcherOptionsFromEnv()`) and ignored: entries name their own targets. */
  trackingId?: string
  /** Accepted and ignored, as `trackingId`. */
  actionTrackingId?: string
  /** Accepted and ignored, as `trackingId`. */
  datasets?: { items?: string; users?: string; actions?: string }
}

/**
 * Defaults of `createRelay`.
 *
 * @example
 * ```ts
 * createRelay({ url, claimIdleMs: RELAY_DEFAULTS.claimIdleMs * 2 })
 * ```
 */
export const RELAY_DEFAULTS = {
  concurrency: 50,
  maxHeldRecords: 5000,
  readCount: 500,
  blockMs: 1000,
  claimIdleMs: 30_000,
  claimIntervalMs: 5000,
  maxDeliveries: 5,
  requestTimeoutMs: 10_000,
  throttlePauseMs: 500,
  rateLimits: { events: 1000, items: 10, users: 10, actions: 10, actionInteractions: 1000 } as RateLimits,
  retry: {
    maxAttempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 100,
    throttleBaseDelayMs: 500,
    maxDelayMs: 5000,
  },
}

/** Which `RateLimits` field limits an operation. */
export const RATE_FIELD: Record<Operation, keyof RateLimits> = {
  PutEvents: 'events',
  PutItems: 'items',
  PutUsers: 'users',
  PutActions: 'actions',
  PutActionInteractions: 'actionInteractions',
}

function positive(name: string, value: number | undefined, fallback: number, integer = true): number {
  if (value === undefined) return fallback
  if (!(value > 0) || (integer && Number.isFinite(value) && !Number.isInteger(value)))
    throw new RangeError(
      `[@personalize-kit/redis] ${name}: must be a positive ${integer ? 'whole ' : ''}number, got ${value}`,
    )
  return value
}

/** Options with defaults applied and checked. */
export function resolveRelayOptions(options: RelayOptions) {
  const d = RELAY_DEFAULTS
  const rateLimits = { ...d.rateLimits }
  for (const [key, value] of Object.entries(options.rateLimits ?? {})) {
    if (value === undefined) continue
    rateLimits[key as keyof RateLimits] = positive(`rateLimits.${key}`, value, 1, false)
  }
  const retry = {
    maxAttempts: positive('retry.maxAttempts', options.retry?.maxAttempts, d.retry.maxAttempts),
    baseDelayMs: positive('retry.baseDelayMs', options.retry?.baseDelayMs, d.retry.baseDelayMs, false),
    throttleBaseDelayMs: positive(
      'retry.throttleBaseDelayMs',
      options.retry?.throttleBaseDelayMs,
      d.retry.throttleBaseDelayMs,
      false,
    ),
    maxDelayMs: positive('retry.maxDelayMs', options.retry?.maxDelayMs, d.retry.maxDelayMs, false),
  }
  return {
    concurrency: positive('concurrency', options.concurrency, d.concurrency),
    maxHeldRecords: positive('maxHeldRecords', options.maxHeldRecords, d.maxHeldRecords),
    readCount: positive('readCount', options.readCount, d.readCount),
    blockMs: positive('blockMs', options.blockMs, d.blockMs),
    claimIdleMs: positive('claimIdleMs', options.claimIdleMs, d.claimIdleMs),
    claimIntervalMs: positive('claimIntervalMs', options.claimIntervalMs, d.claimIntervalMs),
    maxDeliveries: positive('maxDeliveries', options.maxDeliveries, d.maxDeliveries),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs, d.requestTimeoutMs),
    throttlePauseMs: positive('throttlePauseMs', options.throttlePauseMs, d.throttlePauseMs, false),
    rateLimits,
    retry,
  }
}

export type ResolvedRelayOptions = ReturnType<typeof resolveRelayOptions>
