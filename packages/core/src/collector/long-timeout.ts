/** Node clamps a timer above this many ms (about 24.8 days) to 1 ms, so longer waits are chained. */
export const MAX_TIMER_MS = 2_147_483_647

/**
 * @internal
 * `setTimeout` for any duration: `Infinity` never fires (no timer at all), a duration beyond the timer range is
 * waited in chained steps instead of being clamped to 1 ms. Returns the cancel function. Timers are unref'd only
 * when `unref` is set.
 */
export function setLongTimeout(callback: () => void, ms: number, unref = false): () => void {
  if (ms === Number.POSITIVE_INFINITY) return () => {}
  let remaining = Math.max(0, ms)
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = () => {
    const step = Math.min(remaining, MAX_TIMER_MS)
    remaining -= step
    timer = setTimeout(remaining > 0 ? arm : callback, step)
    if (unref) (timer as { unref?: () => void }).unref?.()
  }
  arm()
  return () => clearTimeout(timer)
}
