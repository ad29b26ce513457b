import type { ServiceOperation as Operation } from './types'

/**
 * Token buckets per operation (capacity = rate, refilled continuously), like a service quota in calls per second.
 * `now` is injectable so tests need no real waiting.
 * @internal
 */
export function createQuotaLimiter(quotas: Partial<Record<Operation, number>>, now: () => number = Date.now) {
  const buckets = new Map<Operation, { tokens: number; at: number; rate: number }>()
  const init = () => {
    buckets.clear()
    for (const [op, rate] of Object.entries(quotas)) {
      if (typeof rate === 'number' && rate > 0)
        buckets.set(op as Operation, { tokens: rate, at: now(), rate })
    }
  }
  init()
  return {
    /** Takes one token; false means the call is over quota. */
    take(op: Operation): boolean {
      const b = buckets.get(op)
      if (!b) return true
      const t = now()
      b.tokens = Math.min(b.rate, b.tokens + ((t - b.at) / 1000) * b.rate)
      b.at = t
      if (b.tokens < 1) return false
      b.tokens -= 1
      return true
    },
    reset: init,
  }
}
