import { PersonalizeValidationError } from '../errors'
import { type Timer, unref as unrefTimer } from './timers'

/**
 * Node and browsers clamp a timer above this many ms (about 24.8 days) to 1 ms, so longer waits are chained.
 *
 * @example
 * ```ts
 * import { MAX_TIMER_MS, setLongTimeout } from '@personalize-kit/core'
 *
 * const days = 30
 * if (days * 86_400_000 > MAX_TIMER_MS) setLongTimeout(() => console.log('done'), days * 86_400_000)
 * ```
 */
export const MAX_TIMER_MS = 2_147_483_647

/**
 * Checks a deadline option at the call: a number ≥ 0, where `Infinity` means no deadline and values beyond the
 * timer range are fine (see `setLongTimeout`). Throws a `PersonalizeValidationError` naming the option otherwise
 * (`NaN`, negative, not a number). `undefined` passes through, for the caller's default.
 *
 * @example
 * ```ts
 * import { setLongTimeout, validateTimeoutMs } from '@personalize-kit/core'
 *
 * function shutdown(options: { timeoutMs?: number } = {}) {
 *   const timeoutMs = validateTimeoutMs(options.timeoutMs, 'handleShutdown() timeoutMs') ?? 10_000
 *   const cancel = setLongTimeout(() => process.exit(1), timeoutMs, { unref: true })
 *   // ... cancel() once shut down
 * }
 * ```
 */
export function validateTimeoutMs(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new PersonalizeValidationError(
      [
        {
          path: name,
          message: `must be a number of milliseconds ≥ 0 (Infinity for no deadline), got ${describe(value)}`,
        },
      ],
      'options',
    )
  }
  return value
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `the string '${value}'` : String(value)
}

/**
 * `setTimeout` for any duration, on the monotonic clock: `Infinity` arms nothing (never fires), and a duration
 * beyond the timer range is waited in steps, each re-armed for what is left, instead of being clamped to 1 ms.
 * Returns the function that cancels it. With `unref`, the timer does not keep the process alive.
 *
 * @example
 * ```ts
 * import { setLongTimeout } from '@personalize-kit/core'
 *
 * const cancel = setLongTimeout(() => console.log('30 days later'), 30 * 24 * 3600 * 1000, { unref: true })
 * cancel()
 * ```
 */
export function setLongTimeout(
  callback: () => void,
  ms: number,
  options: { unref?: boolean } = {},
): () => void {
  if (ms === Number.POSITIVE_INFINITY) return () => {}
  const due = performance.now() + Math.max(0, ms)
  let timer: Timer | undefined
  const arm = (): void => {
    const left = due - performance.now()
    if (left <= MAX_TIMER_MS) {
      timer = setTimeout(callback, Math.max(0, left))
    } else {
      timer = setTimeout(arm, MAX_TIMER_MS)
    }
    if (options.unref) unrefTimer(timer)
  }
  arm()
  return () => {
    if (timer !== undefined) clearTimeout(timer)
  }
}
