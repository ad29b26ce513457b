/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds (what the collector and most load balancers
 * send) or an HTTP-date (what some proxies and CDNs send), which counts from `now` and is 0 once passed.
 * Undefined when absent or unreadable (then the tracker's own backoff applies).
 *
 * @example
 * ```ts
 * retryAfterMs('2') // 2000
 * retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')) // 10000
 * ```
 */
export const retryAfterMs = (header: string | null, now = Date.now()): number | undefined => {
  if (!header?.trim()) return undefined
  const seconds = Number(header)
  if (!Number.isNaN(seconds)) return seconds >= 0 ? seconds * 1000 : undefined
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
