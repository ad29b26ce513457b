import type { DeadLetterReason, FlushReport } from '../types'
import { setLongTimeout } from './long-timeout'
import type { QueuedRecord } from './records'

interface Barrier {
  /** Records with a smaller seq were accepted before the flush() call. */
  seq: number
  remaining: number
  delivered: number
  deadLettered: number
  byReason: Partial<Record<DeadLetterReason, number>>
  resolve: (report: FlushReport) => void
}

/**
 * Pending `flush()` calls. Each resolves once every record accepted before it is settled, however many flushes
 * run at once and whatever was accepted since, with a report of what became of those records.
 */
export class FlushBarriers {
  private readonly barriers: Barrier[] = []

  constructor(private readonly pending: () => number) {}

  get active(): boolean {
    return this.barriers.length > 0
  }

  /**
   * Waits for the `held` records (all accepted before `seq`), or until `timeoutMs` passes: then it resolves with
   * what happened so far, the rest still counted in `pending`.
   */
  wait(seq: number, held: number, timeoutMs?: number): Promise<FlushReport> {
    if (held === 0) {
      return Promise.resolve({
        delivered: 0,
        deadLettered: 0,
        deadLetteredByReason: {},
        pending: this.pending(),
      })
    }
    return new Promise((resolve) => {
      const barrier: Barrier = { seq, remaining: held, delivered: 0, deadLettered: 0, byReason: {}, resolve }
      this.barriers.push(barrier)
      if (timeoutMs === undefined || timeoutMs === Number.POSITIVE_INFINITY) return
      const cancel = setLongTimeout(
        () => {
          const index = this.barriers.indexOf(barrier)
          if (index === -1) return
          this.barriers.splice(index, 1)
          resolve(this.report(barrier))
        },
        timeoutMs,
        { unref: true },
      )
      barrier.resolve = (report) => {
        cancel()
        resolve(report)
      }
    })
  }

  private report(barrier: Barrier): FlushReport {
    return {
      delivered: barrier.delivered,
      deadLettered: barrier.deadLettered,
      deadLetteredByReason: barrier.byReason,
      pending: this.pending(),
    }
  }

  /** Records settled: delivered when `reason` is undefined, else dead-lettered for it. */
  settle(records: readonly QueuedRecord[], reason: DeadLetterReason | undefined): void {
    for (let b = this.barriers.length - 1; b >= 0; b--) {
      const barrier = this.barriers[b]!
      let count = 0
      for (const record of records) if (record.seq < barrier.seq) count++
      if (count === 0) continue
      barrier.remaining -= count
      if (reason === undefined) barrier.delivered += count
      else {
        barrier.deadLettered += count
        barrier.byReason[reason] = (barrier.byReason[reason] ?? 0) + count
      }
      if (barrier.remaining <= 0) {
        this.barriers.splice(b, 1)
        barrier.resolve(this.report(barrier))
      }
    }
  }
}
