import type { RateLimits } from '../types'

/**
 * Default retry policy. `maxAttempts: 15` is sized so that nothing is lost under heavy faults: if each call fails
 * independently with probability p, a batch is lost only when every attempt fails, p^15. At p = 0.3 that is
 * 1.4e-8 per batch, so even a 50,000-event run sending every event in its own call loses anything with
 * probability below 0.1%. (Six attempts lose 0.07% of batches, i.e. several per such run; ten lose 5.9e-6 per
 * batch, still a few percent of runs.) Delays use full jitter from 100 ms (500 ms after throttling), doubling up
 * to a 20 s cap, so one batch waits at most about 165 s (190 s when throttled) in total before it is
 * dead-lettered as `retries-exhausted`; `close()`'s deadline always bounds it.
 *
 * @example
 * ```ts
 * createDispatcher({ retry: { ...DEFAULT_RETRY, maxAttempts: 20 } })
 * ```
 */
export const DEFAULT_RETRY = {
  maxAttempts: 15,
  baseDelayMs: 100,
  throttleBaseDelayMs: 500,
  maxDelayMs: 20_000,
} as const

/**
 * Calls per second per operation: the documented per-dataset-group quotas (PutActions and PutActionInteractions
 * have none documented; 10/s and 1000/s mirror PutItems and PutEvents).
 *
 * @example
 * ```ts
 * createDispatcher({ rateLimits: { events: DEFAULT_RATE_LIMITS.events * 2 } }) // after a quota increase
 * ```
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  events: 1000,
  items: 10,
  users: 10,
  actions: 10,
  actionInteractions: 1000,
}

/**
 * Other defaults of `createDispatcher`.
 *
 * @example
 * ```ts
 * createDispatcher({ flushIntervalMs: DISPATCHER_DEFAULTS.flushIntervalMs / 2 })
 * ```
 */
export const DISPATCHER_DEFAULTS = {
  flushIntervalMs: 1000,
  maxQueueSize: 10_000,
  concurrency: 50,
  requestTimeoutMs: 10_000,
  closeTimeoutMs: 10_000,
} as const
