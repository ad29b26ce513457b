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
  const seconds = Number(header)
  const ms = Number.isNaN(seconds) ? Date.parse(header) - now : seconds * 1000
  return Number.isNaN(ms) ? undefined : Math.max(0, ms)
}
