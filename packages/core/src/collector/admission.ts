import type { Dispatcher } from '../types'
import { createRateLimiter, type RateLimiter } from './rate-limiter'
import type { CollectorLimits } from './resolve-options'
import type { CollectorAdmission } from './types'

/** Seconds a browser is asked to wait when the queue (or its share of it) is full: a slow service does not heal at once. */
export const QUEUE_FULL_RETRY_AFTER_SECONDS = 5

/**
 * @internal
 * Everything that bounds what browsers may put into the dispatcher: the per-session and per-address token
 * buckets, and the share of the dispatcher's queue they may fill (the rest is kept for server records).
 */
export interface Admission {
  /** How many more browser events fit in the queue share now (may be 0 or negative). */
  queueRoom(): number
  /** Takes `count` tokens from both the address and the session bucket, or from neither. */
  takeRate(sessionId: string, address: string | undefined, count: number): CollectorAdmission
  /** Both of the above, for events recorded on a browser's behalf outside the collector (autoTrack). */
  admit(sessionId: string, address: string | undefined, count: number): CollectorAdmission
}

/** @internal */
export function createAdmission(dispatcher: Dispatcher, limits: CollectorLimits): Admission {
  const limiter = (perMinute: number): RateLimiter | undefined =>
    Number.isFinite(perMinute)
      ? createRateLimiter(perMinute, limits.rateLimitMaxSessions, Date.now)
      : undefined
  const sessions = limiter(limits.rateLimitPerMinute)
  const addresses = limiter(limits.rateLimitPerAddressPerMinute)

  function queueRoom(): number {
    const max = dispatcher.maxQueueSize
    // A dispatcher of the app's own making may not say how big its queue is: then only it can refuse.
    if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) return Number.POSITIVE_INFINITY
    let held: number
    if (dispatcher.held !== undefined) held = dispatcher.held()
    else {
      const { queued, inFlight } = dispatcher.stats()
      held = queued + inFlight
    }
    if (!Number.isFinite(held)) return Number.POSITIVE_INFINITY
    return Math.floor(max * limits.maxQueueShare) - held
  }

  function takeRate(sessionId: string, address: string | undefined, count: number): CollectorAdmission {
    if (addresses && address !== undefined) {
      const decision = addresses.take(address, count)
      if (!decision.ok) {
        return {
          ok: false,
          reason: 'address-rate-limit',
          retryAfterSeconds: decision.retryAfterSeconds,
          message: `rate limit of ${limits.rateLimitPerAddressPerMinute} events per minute per client address exceeded; retry in ${decision.retryAfterSeconds}s`,
        }
      }
    }
    if (sessions) {
      const decision = sessions.take(sessionId, count)
      if (!decision.ok) {
        if (address !== undefined) addresses?.refund(address, count)
        return {
          ok: false,
          reason: 'session-rate-limit',
          retryAfterSeconds: decision.retryAfterSeconds,
          message: `rate limit of ${limits.rateLimitPerMinute} events per minute per session exceeded; retry in ${decision.retryAfterSeconds}s`,
        }
      }
    }
    return { ok: true }
  }

  return {
    queueRoom,
    takeRate,
    admit(sessionId, address, count) {
      if (queueRoom() < count) return queueShareFull(limits.maxQueueShare)
      return takeRate(sessionId, address, count)
    },
  }
}

/** @internal The refusal for a full queue share. */
export function queueShareFull(share: number): CollectorAdmission {
  return {
    ok: false,
    reason: 'queue-share',
    retryAfterSeconds: QUEUE_FULL_RETRY_AFTER_SECONDS,
    message: `browser events already fill their share (${share}) of the event queue; retry later`,
  }
}
