import type { DeadLetterHandler, DeadLetterReason, Operation } from '../types'
import type { BackoffSleeps } from './backoff-sleeps'
import { errorMessage } from './classify-error'
import type { FlushBarriers } from './flush-barriers'
import type { Group } from './group'
import type { DispatcherMetrics } from './metrics'
import type { AnyRecord } from './records'
import type { DispatcherState } from './state'
import { toDeadLetters } from './wire'

const PREFIX = '[@personalize-kit/core]'

/**
 * Where every record that leaves the dispatcher is accounted for: the books, the metrics, pending `flush()`
 * barriers, the log and `onDeadLetter`.
 */
export class Settlement {
  private overflowUnlogged = 0
  private overflowLoggedAt = Number.NEGATIVE_INFINITY

  constructor(
    private readonly state: DispatcherState,
    private readonly barriers: FlushBarriers,
    private readonly sleeps: BackoffSleeps,
    private readonly metrics: DispatcherMetrics,
    private readonly onDeadLetter: DeadLetterHandler | undefined,
  ) {}

  delivered(group: Group, records: AnyRecord[]): void {
    const { counters } = this.state
    counters.inFlight -= records.length
    counters.delivered += records.length
    this.metrics.delivered(group.operation, records.length)
    this.settleBarriers(records, undefined)
  }

  /** Dead-letters records that were in flight or, with `fromQueue`, records the caller just took off the queue. */
  dead(
    group: Group,
    records: AnyRecord[],
    reason: DeadLetterReason,
    cause: unknown,
    fromQueue = false,
  ): void {
    const { counters } = this.state
    if (fromQueue) counters.queued -= records.length
    else counters.inFlight -= records.length
    counters.deadLettered += records.length
    this.state.deadLetteredByReason[reason] += records.length
    this.metrics.deadLettered(group.operation, reason, records.length)
    // Barriers first: the handler may call flush() or record again, and must see consistent books.
    this.settleBarriers(records, reason)
    this.log(group.operation, reason, records.length, cause)
    if (this.onDeadLetter !== undefined) {
      const letters = toDeadLetters(group, records, this.state.timeBase)
      try {
        this.onDeadLetter(letters, reason, cause)
      } catch (handlerError) {
        this.state.config.logger.error({ err: handlerError }, `${PREFIX} onDeadLetter threw`)
      }
    }
  }

  /** Writes the 'queue-full' summary still held back by the once-a-second limit. */
  flushOverflowLog(): void {
    if (this.overflowUnlogged === 0) return
    this.state.config.logger.warn(
      { reason: 'queue-full', records: this.overflowUnlogged },
      `${PREFIX} ${this.overflowUnlogged} record(s) dead-lettered: queue-full`,
    )
    this.overflowUnlogged = 0
  }

  /**
   * Logs dead letters. Overflow drops one record at a time, possibly thousands per second, so 'queue-full' is
   * summarised at most once a second instead of writing a line per record.
   */
  private log(operation: Operation, reason: DeadLetterReason, count: number, cause: unknown): void {
    if (reason === 'queue-full') {
      this.overflowUnlogged += count
      const now = Date.now()
      if (now - this.overflowLoggedAt < 1000) return
      count = this.overflowUnlogged
      this.overflowUnlogged = 0
      this.overflowLoggedAt = now
    }
    this.state.config.logger.warn(
      { operation, reason, records: count, error: cause === undefined ? undefined : errorMessage(cause) },
      `${PREFIX} ${count} record(s) dead-lettered: ${reason}`,
    )
  }

  private settleBarriers(records: AnyRecord[], reason: DeadLetterReason | undefined): void {
    if (this.barriers.active) this.barriers.settle(records, reason)
    if (!this.barriers.active) this.sleeps.hold(false)
  }
}
