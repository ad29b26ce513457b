import type { DeadLetterReason } from '../types'
import { LIMITS } from '../validation/limits'
import { fullJitterDelay } from './backoff'
import type { BackoffSleeps } from './backoff-sleeps'
import type { CallQueue } from './call-queue'
import { classifyError, errorMessage } from './classify-error'
import type { ConnectionWatch } from './connection-watch'
import { type Group, queuedCount, takeRecords } from './group'
import type { DispatcherMetrics } from './metrics'
import type { AnyRecord } from './records'
import type { Settlement } from './settling'
import type { DispatcherState } from './state'

const PREFIX = '[@personalize-kit/core]'

/** One call's worth of records of a group, split further while bisecting an `InvalidInputException`. */
interface Batch {
  group: Group
  /** Parts still to deliver, in order; the first is being sent. */
  parts: AnyRecord[][]
  /** Set at the close deadline: its records were dead-lettered and late results are ignored. */
  abandoned: boolean
  /** The error of the last failed attempt, carried into dead letters made at the close deadline. */
  lastError: unknown
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'bisect'; error: unknown }
  | { kind: 'dead'; reason: DeadLetterReason; error: unknown }

const OK: Outcome = { kind: 'ok' }

/**
 * Takes due batches off their groups and delivers them: at most one batch per group in flight (which keeps a
 * group's records in order), retried with full-jitter backoff while the failure is transient, bisected to
 * isolate records the service rejects, every part settled as delivered or dead.
 */
export class Sender {
  private readonly batches = new Set<Batch>()

  constructor(
    private readonly state: DispatcherState,
    private readonly calls: CallQueue,
    private readonly settlement: Settlement,
    private readonly sleeps: BackoffSleeps,
    private readonly metrics: DispatcherMetrics,
    private readonly connections: ConnectionWatch,
  ) {}

  /** Starts the group's next batch if the group is free and its head is due (or a batch is full). */
  pump(group: Group): void {
    if (group.busy) return
    const head = group.records[group.head]
    const state = this.state
    if (head === undefined) {
      state.groups.delete(group)
      return
    }
    if (
      state.closing ||
      head.seq < state.flushSeq ||
      head.seq <= group.dueSeq ||
      queuedCount(group) >= LIMITS.batch
    ) {
      const records = takeRecords(group, LIMITS.batch)
      state.counters.queued -= records.length
      state.counters.inFlight += records.length
      group.busy = true
      const batch: Batch = { group, parts: [records], abandoned: false, lastError: undefined }
      this.batches.add(batch)
      void this.deliver(batch)
    }
  }

  /** At the close deadline: dead-letters every batch still in a call or a retry wait; late results are ignored. */
  abandonAll(): void {
    for (const batch of [...this.batches]) {
      batch.abandoned = true
      this.batches.delete(batch)
      batch.group.busy = false
      for (const part of batch.parts.splice(0))
        this.settlement.dead(batch.group, part, 'shutdown-timeout', batch.lastError)
    }
  }

  private async deliver(batch: Batch): Promise<void> {
    const { group } = batch
    try {
      while (batch.parts.length > 0) {
        const part = batch.parts[0]!
        const outcome = await this.sendWithRetries(group, part, batch)
        if (batch.abandoned) return
        batch.parts.shift()
        if (outcome.kind === 'ok') {
          this.settlement.delivered(group, part)
        } else if (outcome.kind === 'bisect') {
          if (part.length === 1) this.settlement.dead(group, part, 'invalid-input', outcome.error)
          else {
            // Split in halves, in order: the valid half goes through, the invalid one is split again.
            const middle = Math.ceil(part.length / 2)
            batch.parts.unshift(part.slice(0, middle), part.slice(middle))
          }
        } else {
          this.settlement.dead(group, part, outcome.reason, outcome.error)
        }
      }
    } catch (error) {
      // Only a bug gets here; still account for every record.
      this.state.config.logger.error({ err: error }, `${PREFIX} unexpected error while delivering a batch`)
      if (!batch.abandoned)
        for (const part of batch.parts.splice(0)) this.settlement.dead(group, part, 'rejected', error)
    } finally {
      this.batches.delete(batch)
      if (!batch.abandoned) {
        group.busy = false
        this.pump(group)
      }
    }
  }

  private async sendWithRetries(group: Group, part: AnyRecord[], batch: Batch): Promise<Outcome> {
    const state = this.state
    const { retry, logger } = state.config
    for (let attempt = 1; ; attempt++) {
      let error: unknown
      try {
        await this.calls.call(group, part)
        return OK
      } catch (caught) {
        error = caught
      }
      if (batch.abandoned) return { kind: 'dead', reason: 'shutdown-timeout', error }
      batch.lastError = error
      this.connections.failed(error)
      if (state.expired) return { kind: 'dead', reason: 'shutdown-timeout', error }
      const action = classifyError(error)
      if (action.kind === 'bisect') return { kind: 'bisect', error }
      if (action.kind === 'dead') return { kind: 'dead', reason: action.reason, error }
      if (attempt >= retry.maxAttempts) return { kind: 'dead', reason: 'retries-exhausted', error }
      state.counters.retried += part.length
      this.metrics.retried(group.operation, part.length)
      const base = action.throttled ? retry.throttleBaseDelayMs : retry.baseDelayMs
      const delay = fullJitterDelay(attempt, base, retry.maxDelayMs, Math.random)
      logger.debug(
        {
          operation: group.operation,
          records: part.length,
          attempt,
          delayMs: delay,
          error: errorMessage(error),
        },
        `${PREFIX} call failed, retrying`,
      )
      if (!state.expired) await this.sleeps.sleep(delay)
      if (batch.abandoned || state.expired) return { kind: 'dead', reason: 'shutdown-timeout', error }
    }
  }
}
