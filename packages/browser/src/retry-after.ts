/**
 * Milliseconds to wait from a `Retry-After` header in delta-seconds (what the collector and load balancers send),
 * or undefined when absent or in another form (then the tracker's own backoff applies).
 *
 * @example
 * ```ts
 * retryAfterMs('2') // 2000
 * ```
 */
export const retryAfterMs = (header: string | null): number | undefined => {
  const seconds = Number(header)
  return header && seconds >= 0 ? seconds * 1000 : undefined
}
