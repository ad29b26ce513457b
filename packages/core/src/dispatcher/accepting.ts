import { PersonalizeClosedError, PersonalizeQueueFullError } from '../errors'
import { LIMITS } from '../validation/limits'
import type { AcceptLog } from './accept-log'
import type { Deadlines } from './deadlines'
import { dropHead, type Group, isQueued, queuedCount } from './group'
import type { AnyRecord } from './records'
import type { Sender } from './sending'
import type { Settlement } from './settling'
import { clockNow, type DispatcherState } from './state'

/**
 * The synchronous side of `recordEvent` and friends: refuse after `close()`, make room under `maxQueueSize`
 * (refusing or dropping the oldest), and queue a validated record in its group. Nothing here allocates beyond
 * the record's place in two arrays.
 */
export class Intake {
  constructor(
    private readonly state: DispatcherState,
    private readonly log: AcceptLog,
    private readonly deadlines: Deadlines,
    private readonly sender: Sender,
    private readonly settlement: Settlement,
    private readonly scheduleWaitUntil: (() => void) | undefined,
  ) {}

  assertOpen(): void {
    if (this.state.closing) {
      this.state.counters.refused++
      throw new PersonalizeClosedError()
    }
  }

  makeRoom(): void {
    const { counters, config } = this.state
    // A loop, not an if: onDeadLetter may record again while a drop is reported.
    while (counters.queued + counters.inFlight >= config.maxQueueSize) {
      if (config.overflow === 'drop-oldest' && this.dropOldest()) continue
      counters.refused++
      throw new PersonalizeQueueFullError(config.maxQueueSize)
    }
  }

  enqueue(group: Group, record: AnyRecord): void {
    const state = this.state
    record.seq = state.nextSeq++
    record.at = clockNow(state)
    group.records.push(record)
    this.log.push(record, group)
    state.counters.accepted++
    state.counters.queued++
    state.acceptedByOperation[group.operation]++
    if (queuedCount(group) >= LIMITS.batch) this.sender.pump(group)
    // Whenever a record waits, a deadline timer must be armed: a full group whose batch is still in flight keeps
    // its newest records queued, and they too must leave within flushIntervalMs.
    if (!this.deadlines.armed && isQueued(group, record)) this.deadlines.arm(record.at)
    if (this.scheduleWaitUntil !== undefined) this.scheduleWaitUntil()
  }

  private dropOldest(): boolean {
    const group = this.log.oldestQueued()
    if (group === undefined) return false
    const record = dropHead(group) as AnyRecord
    this.settlement.dead(group, [record], 'queue-full', undefined, true)
    if (!group.busy && queuedCount(group) === 0) this.state.groups.delete(group)
    return true
  }
}
