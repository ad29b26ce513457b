import type { AcceptLog } from './accept-log'
import type { Group } from './group'
import type { DispatcherState } from './state'
import { type Timer, unref } from './timers'

/**
 * The latency bound: one unref'd timer, armed for the oldest queued record that is not yet due, makes each
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

  /** Arms the timer for a record accepted at `acceptedAt` (relative to `timeBase`). */
  arm(acceptedAt: number): void {
    const { timeBase, config } = this.state
    const delay = Math.max(0, timeBase + acceptedAt + config.flushIntervalMs - Date.now())
    this.timer = unref(setTimeout(this.onTimer, delay))
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private readonly onTimer = (): void => {
    this.timer = undefined
    const now = Date.now() - this.state.timeBase
    const next = this.log.releaseDue(now - this.state.config.flushIntervalMs, this.release)
    if (next !== undefined && this.timer === undefined) this.arm(next)
  }
}
