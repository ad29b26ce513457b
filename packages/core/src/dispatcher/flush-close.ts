import type { FlushReport } from '../types'
import type { AcceptLog } from './accept-log'
import type { BackoffSleeps } from './backoff-sleeps'
import type { CallQueue } from './call-queue'
import type { Deadlines } from './deadlines'
import { DISPATCHER_DEFAULTS } from './defaults'
import type { FlushBarriers } from './flush-barriers'
import { takeRecords } from './group'
import { setLongTimeout, validateTimeoutMs } from './long-timeout'
import type { Sender } from './sending'
import type { Settlement } from './settling'
import { type DispatcherState, held } from './state'

const PREFIX = '[@personalize-kit/core]'

/** `flush()` (a barrier over what was accepted before it) and `close()` (flush, then dead-letter at the deadline). */
export class FlushClose {
  private closePromise: Promise<FlushReport> | undefined

  constructor(
    private readonly state: DispatcherState,
    private readonly log: AcceptLog,
    private readonly barriers: FlushBarriers,
    private readonly sleeps: BackoffSleeps,
    private readonly calls: CallQueue,
    private readonly deadlines: Deadlines,
    private readonly sender: Sender,
    private readonly settlement: Settlement,
  ) {}

  readonly flush = (flushOptions: { timeoutMs?: number } = {}): Promise<FlushReport> => {
    const timeoutMs = validateTimeoutMs(flushOptions?.timeoutMs, 'flush() timeoutMs')
    const state = this.state
    const promise = this.barriers.wait(state.nextSeq, held(state), timeoutMs)
    if (!this.barriers.active) return promise
    this.sleeps.hold(true)
    state.flushSeq = state.nextSeq
    for (const group of state.groups.all) this.sender.pump(group)
    return promise
  }

  readonly close = (closeOptions: { timeoutMs?: number } = {}): Promise<FlushReport> => {
    const timeoutMs =
      validateTimeoutMs(closeOptions?.timeoutMs, 'close() timeoutMs') ?? DISPATCHER_DEFAULTS.closeTimeoutMs
    if (this.closePromise !== undefined) return this.closePromise
    this.state.closing = true
    this.closePromise = this.finish(timeoutMs)
    return this.closePromise
  }

  private async finish(timeoutMs: number): Promise<FlushReport> {
    const { config } = this.state
    // Infinity: no deadline at all; beyond the timer range: re-armed, never clamped to 1 ms.
    const cancelDeadline = setLongTimeout(() => this.expire(), timeoutMs, { unref: true })
    const report = await this.flush({})
    cancelDeadline()
    this.settlement.flushOverflowLog()
    this.deadlines.stop()
    try {
      await config.transport.close?.()
    } catch (error) {
      config.logger.debug({ err: error }, `${PREFIX} transport.close() threw`)
    }
    this.log.clear()
    return report
  }

  /** The close deadline: abort calls, wake retry waits, dead-letter everything still held. */
  private expire(): void {
    const state = this.state
    state.expired = true
    this.calls.abortAll(new Error(`${PREFIX} close() deadline passed`))
    this.sleeps.wakeAll()
    this.sender.abandonAll()
    for (const group of [...state.groups.all]) {
      const records = takeRecords(group, Number.POSITIVE_INFINITY)
      state.groups.delete(group)
      if (records.length > 0) this.settlement.dead(group, records, 'shutdown-timeout', undefined, true)
    }
  }
}
