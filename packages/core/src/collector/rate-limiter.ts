/** @internal Result of {@link RateLimiter.take}. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * @internal
 * Token bucket per key (a session id or a client address; capacity = the per-minute limit, refilled
 * continuously). Buckets live in a Map used as an LRU, capped at `maxKeys`, so a flood of fresh keys costs
 * bounded memory: the least recently seen keys are forgotten (and start again with a full bucket).
 */
export interface RateLimiter {
  take(key: string, count: number): RateDecision
  /** Gives back tokens taken for a request that another limit then refused. */
  refund(key: string, count: number): void
}

/** @internal `perMinute` must be a finite positive number (checked by the collector's options). */
export function createRateLimiter(perMinute: number, maxKeys: number, now: () => number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const perMs = perMinute / 60_000
  return {
    take(key, count) {
      const t = now()
      const previous = buckets.get(key)
      const tokens = previous
        ? Math.min(perMinute, previous.tokens + Math.max(0, t - previous.at) * perMs)
        : perMinute
      buckets.delete(key)
      if (tokens >= count) {
        buckets.set(key, { tokens: tokens - count, at: t })
        evict(buckets, maxKeys)
        return { ok: true }
      }
      buckets.set(key, { tokens, at: t })
      evict(buckets, maxKeys)
      const missing = Math.min(count, perMinute) - tokens
      const seconds = Math.ceil(missing / perMs / 1000)
      return { ok: false, retryAfterSeconds: Number.isFinite(seconds) ? Math.max(1, seconds) : 60 }
    },
    refund(key, count) {
      const bucket = buckets.get(key)
      if (bucket) bucket.tokens = Math.min(perMinute, bucket.tokens + count)
    },
  }
}

function evict(buckets: Map<string, unknown>, maxKeys: number): void {
  while (buckets.size > maxKeys) {
    const oldest = buckets.keys().next().value
    if (oldest === undefined) return
    buckets.delete(oldest)
  }
}
