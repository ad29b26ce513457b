import type { AcceptLog } from './accept-log'
import type { Group } from './group'
import { MAX_TIMER_MS } from './long-timeout'
import { clockNow, type DispatcherState } from './state'
import { type Timer, unref } from './timers'

/**
 * The latency bound, on the monotonic clock: one unref'd timer, armed for the oldest queued record that is not yet due, makes each
 * record's group due `flushIntervalMs` after that record was accepted.
 */
export class Deadlines {
  private timer: Timer | undefined

  constructor(
    private readonly state: DispatcherState,
    private readonly log: AcceptLog,
    private readonly release: (group: Group) => void,
  ) {}

  get armed(): boolean {
    return this.timer !== undefined
  }

  /** Arms the timer for a record accepted at `acceptedAt` (see `clockNow`). */
  arm(acceptedAt: number): void {
    const delay = acceptedAt + this.state.config.flushIntervalMs - clockNow(this.state)
    // Beyond the timer range the timer fires early, finds nothing due, and re-arms for the rest.
    this.timer = unref(setTimeout(this.onTimer, Math.min(MAX_TIMER_MS, Math.max(0, delay))))
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private readonly onTimer = (): void => {
    this.timer = undefined
    const now = clockNow(this.state)
    const next = this.log.releaseDue(now - this.state.config.flushIntervalMs, this.release)
    if (next !== undefined && this.timer === undefined) this.arm(next)
  }
}
