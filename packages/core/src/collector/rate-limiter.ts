/** @internal Result of {@link RateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * @internal
 * Token bucket per session (capacity = the per-minute limit, refilled continuously). Buckets live in a Map used
 * as an LRU, capped at `maxSessions`, so a flood of fresh session ids costs bounded memory: the least recently
 * seen sessions are forgotten (and start again with a full bucket).
 */
export interface RateLimiter {
  take(sessionId: string, count: number): RateDecision
}

/** @internal */
export function createRateLimiter(perMinute: number, maxSessions: number, now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const perMs = perMinute / 60_000
  return {
    take(sessionId, count) {
      const t = now()
      const previous = buckets.get(sessionId)
      const tokens = previous ? Math.min(perMinute, previous.tokens + (t - previous.at) * perMs) : perMinute
      buckets.delete(sessionId)
      if (tokens >= count) {
        buckets.set(sessionId, { tokens: tokens - count, at: t })
        evict(buckets, maxSessions)
        return { ok: true }
      }
      buckets.set(sessionId, { tokens, at: t })
      evict(buckets, maxSessions)
      const missing = Math.min(count, perMinute) - tokens
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / perMs / 1000)) }
    },
  }
}

function evict(buckets: Map<string, unknown>, maxSessions: number): void {
  while (buckets.size > maxSessions) {
    const oldest = buckets.keys().next().value
    if (oldest === undefined) return
    buckets.delete(oldest)
  }
}
