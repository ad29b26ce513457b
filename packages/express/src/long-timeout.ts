import { PersonalizeConfigError } from '@personalize-kit/core'

/** Node clamps a timer above this many ms (about 24.8 days) to 1 ms, so longer waits are chained. */
const MAX_TIMER_MS = 2_147_483_647

/**
 * @internal
 * `setTimeout` for any duration: `Infinity` never fires (no timer at all), a duration beyond the timer range is
 * waited in chained steps instead of being clamped to 1 ms. Returns the cancel function.
 */
export function setLongTimeout(callback: () => void, ms: number): () => void {
  if (ms === Number.POSITIVE_INFINITY) return () => {}
  let remaining = Math.max(0, ms)
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = () => {
    const step = Math.min(remaining, MAX_TIMER_MS)
    remaining -= step
    timer = setTimeout(remaining > 0 ? arm : callback, step)
  }
  arm()
  return () => clearTimeout(timer)
}

/**
 * @internal
 * A deadline in ms: a number ≥ 0, or `Infinity` for none. Anything else (NaN, negative, a string) is refused at
 * the call, naming the option, instead of turning into a 1 ms timer.
 */
export function checkTimeoutMs(name: string, value: unknown): void {
  if (value === undefined) return
  if (
    typeof value === 'number' &&
    (value === Number.POSITIVE_INFINITY || (Number.isFinite(value) && value >= 0))
  ) {
    return
  }
  throw new PersonalizeConfigError(
    `[@personalize-kit/express] ${name} must be a number of milliseconds ≥ 0 or Infinity (no deadline), got ${String(value)}`,
  )
}
