import type { Operation } from '../types'
import type { AnyRecord } from './records'

/**
 * Records that share one request: PutEvents by (trackingId, sessionId, userId), PutActionInteractions by
 * trackingId, PutItems/PutUsers/PutActions by dataset ARN. At most one batch of a group is in flight, which keeps
 * the group's records in order without holding back other groups.
 */
export interface Group {
  key: string
  operation: Operation
  /** trackingId or datasetArn. */
  target: string
  sessionId: string | undefined
  userId: string | undefined
  /** Queued records in `seq` order; `records[head]` is the oldest. */
  records: AnyRecord[]
  head: number
  /** A batch of this group is in a call or waiting to retry. */
  busy: boolean
  /** Records with `seq <= dueSeq` have waited `flushIntervalMs` and must be sent as soon as the group is free. */
  dueSeq: number
}

export function createGroup(
  key: string,
  operation: Operation,
  target: string,
  sessionId?: string,
  userId?: string,
): Group {
  return { key, operation, target, sessionId, userId, records: [], head: 0, busy: false, dueSeq: -1 }
}

export function queuedCount(group: Group): number {
  return group.records.length - group.head
}

/** Removes and returns the oldest `max` queued records, compacting the array once half of it is consumed. */
export function takeRecords(group: Group, max: number): AnyRecord[] {
  const end = Math.min(group.records.length, group.head + max)
  const taken = group.records.slice(group.head, end)
  group.head = end
  compact(group)
  return taken
}

/** Removes the oldest queued record. */
export function dropHead(group: Group): AnyRecord | undefined {
  if (group.head >= group.records.length) return undefined
  const record = group.records[group.head]
  group.head++
  compact(group)
  return record
}

function compact(group: Group): void {
  if (group.head === group.records.length) {
    group.records = []
    group.head = 0
  } else if (group.head >= 64 && group.head * 2 >= group.records.length) {
    group.records = group.records.slice(group.head)
    group.head = 0
  }
}

/** `true` while `record` is still queued in `group` (records leave a group only from its head). */
export function isQueued(group: Group, record: AnyRecord): boolean {
  const head = group.records[group.head]
  return head !== undefined && record.seq >= head.seq
}
