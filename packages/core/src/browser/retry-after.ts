/**
 * Milliseconds to wait from a `Retry-After` header (delta-seconds or an HTTP date), or undefined when absent or
 * unreadable.
 *
 * @example
 * ```ts
 * retryAfterMs('2') // 2000
 * ```
 */
export const retryAfterMs = (header: string | null, now = Date.now()): number | undefined => {
  if (!header) return undefined
  const ms = /^\s*\d+\s*$/.test(header) ? +header * 1000 : Date.parse(header) - now
  return Number.isNaN(ms) ? undefined : Math.max(0, ms)
}
