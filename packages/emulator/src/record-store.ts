import type { RecordFilter, StoredRecord } from './types'

interface Waiter {
  predicate: (records: StoredRecord[]) => boolean
  resolve: (records: StoredRecord[]) => void
}

function matches(r: StoredRecord, f: RecordFilter): boolean {
  return (
    (f.operation === undefined || r.operation === f.operation) &&
    (f.trackingId === undefined || r.trackingId === f.trackingId) &&
    (f.datasetArn === undefined || r.datasetArn === f.datasetArn) &&
    (f.sessionId === undefined || r.sessionId === f.sessionId) &&
    (f.userId === undefined || r.userId === f.userId) &&
    (f.eventType === undefined || r.eventType === f.eventType) &&
    (f.eventId === undefined || r.eventId === f.eventId) &&
    (f.itemId === undefined || r.itemId === f.itemId) &&
    (f.requestId === undefined || r.requestId === f.requestId) &&
    (f.since === undefined || r.receivedAt >= f.since)
  )
}

/**
 * Accepted records in arrival order, with duplicate-eventId flagging (per tracker, as Personalize ignores repeats
 * for training) and waiters for `waitFor`.
 * @internal
 */
export function createRecordStore() {
  let records: StoredRecord[] = []
  let seenEventIds = new Set<string>()
  let seq = 0
  let waiters: Waiter[] = []
  // The raw body of every accepted call, by request id: records keep the parsed entries, this keeps the wire bytes.
  let rawRequests = new Map<string, string>()

  const notify = () => {
    if (waiters.length === 0) return
    const snapshot = records.slice()
    waiters = waiters.filter((w) => {
      if (!w.predicate(snapshot)) return true
      w.resolve(snapshot)
      return false
    })
  }

  return {
    /** Assigns seq numbers and duplicate flags, then stores. */
    add(batch: Omit<StoredRecord, 'seq' | 'duplicateEventId'>[]): StoredRecord[] {
      const out: StoredRecord[] = []
      for (const r of batch) {
        let duplicateEventId = false
        if (r.eventId !== undefined) {
          const key = `${r.operation === 'PutEvents' ? 'e' : 'a'}\u0000${r.trackingId ?? ''}\u0000${r.eventId}`
          duplicateEventId = seenEventIds.has(key)
          seenEventIds.add(key)
        }
        const stored = { ...r, seq: ++seq, duplicateEventId } as StoredRecord
        records.push(stored)
        out.push(stored)
      }
      notify()
      return out
    },
    addRaw(requestId: string, body: string) {
      rawRequests.set(requestId, body)
    },
    raw(requestId: string): string | undefined {
      return rawRequests.get(requestId)
    },
    /** Re-adds a persisted record as it was (replay on start). */
    restore(r: StoredRecord) {
      records.push(r)
      seq = Math.max(seq, r.seq)
      if (r.eventId !== undefined) {
        seenEventIds.add(
          `${r.operation === 'PutEvents' ? 'e' : 'a'}\u0000${r.trackingId ?? ''}\u0000${r.eventId}`,
        )
      }
    },
    query(filter?: RecordFilter, limit?: number): StoredRecord[] {
      const all = filter ? records.filter((r) => matches(r, filter)) : records.slice()
      return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all
    },
    get size() {
      return records.length
    },
    waitFor(predicate: (records: StoredRecord[]) => boolean, timeoutMs: number): Promise<StoredRecord[]> {
      const snapshot = records.slice()
      if (predicate(snapshot)) return Promise.resolve(snapshot)
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (r) => {
            clearTimeout(timer)
            resolve(r)
          },
        }
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter)
          reject(
            new Error(
              `[@personalize-kit/emulator] waitFor timed out after ${timeoutMs} ms with ${records.length} records stored`,
            ),
          )
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    clear() {
      records = []
      rawRequests = new Map()
      seenEventIds = new Set()
      seq = 0
      notify()
    },
  }
}

export type RecordStore = ReturnType<typeof createRecordStore>
