import { type Group, isQueued } from './group'
import type { AnyRecord } from './records'

/**
 * Every accepted record in acceptance order (so `at` is non-decreasing), with its group. Deadlines walk it to
 * find records that waited `flushIntervalMs`; 'drop-oldest' walks it to find the oldest queued record. Both
 * skip records that already left the queue, and compaction keeps its memory proportional to what is held.
 */
export class AcceptLog {
  private records: AnyRecord[] = []
  private owners: Group[] = []
  private dropIndex = 0
  private dueIndex = 0
  private compactAt = 1024

  push(record: AnyRecord, group: Group): void {
    this.records.push(record)
    this.owners.push(group)
    if (this.records.length >= this.compactAt) this.compact()
  }

  /**
   * Marks every queued record accepted at or before `dueAt` as due (`group.dueSeq`) and hands its group to
   * `release`. Returns the acceptance time of the oldest queued record not yet due, or `undefined` when none is.
   */
  releaseDue(dueAt: number, release: (group: Group) => void): number | undefined {
    while (this.dueIndex < this.records.length) {
      const record = this.records[this.dueIndex]!
      const group = this.owners[this.dueIndex]!
      if (!isQueued(group, record)) {
        this.dueIndex++
        continue
      }
      if (record.at > dueAt) return record.at
      if (group.dueSeq < record.seq) group.dueSeq = record.seq
      this.dueIndex++
      release(group)
    }
    return undefined
  }

  /** The group whose head is the oldest queued record overall (records leave a group only from its head). */
  oldestQueued(): Group | undefined {
    while (this.dropIndex < this.records.length) {
      const record = this.records[this.dropIndex]!
      const group = this.owners[this.dropIndex]!
      this.dropIndex++
      if (isQueued(group, record)) return group
    }
    return undefined
  }

  clear(): void {
    this.records = []
    this.owners = []
    this.dueIndex = 0
    this.dropIndex = 0
  }

  private compact(): void {
    const records: AnyRecord[] = []
    const owners: Group[] = []
    let newDue = 0
    for (let i = 0; i < this.records.length; i++) {
      const record = this.records[i]!
      const group = this.owners[i]!
      if (!isQueued(group, record)) continue
      if (i < this.dueIndex) newDue++
      records.push(record)
      owners.push(group)
    }
    this.records = records
    this.owners = owners
    this.dueIndex = newDue
    this.dropIndex = 0
    this.compactAt = Math.max(1024, records.length * 2)
  }
}
