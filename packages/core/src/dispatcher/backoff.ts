/**
 * Full-jitter exponential backoff: a uniform delay in `[0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))`.
 * Jitter spreads retries of many batches so a throttled service is not hit by a synchronized wave. For transports
 * and relays that retry on their own (the dispatcher uses it between attempts).
 *
 * @example
 * ```ts
 * import { fullJitterDelay } from '@personalize-kit/core'
 *
 * const delayMs = fullJitterDelay(3, 100, 20_000, Math.random) // uniform in [0, 400)
 * ```
 */
export function fullJitterDelay(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * ceiling)
}
