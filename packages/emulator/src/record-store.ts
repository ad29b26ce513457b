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

const eventKey = (r: { operation: string; trackingId?: string; eventId?: string }) =>
  `${r.operation === 'PutEvents' ? 'e' : 'a'}\u0000${r.trackingId ?? ''}\u0000${r.eventId}`

/** Records ready to store: seq numbers and duplicate flags assigned, but not yet visible. @internal */
export interface PreparedBatch {
  records: StoredRecord[]
  /** The store's seq counter when it was prepared: a batch prepared on a stale counter is refused. */
  baseSeq: number
  /** The batch's eventId keys, computed once. */
  eventKeys: ReadonlySet<string>
}

/**
 * Accepted records in arrival order, with duplicate-eventId flagging (per tracker, as Personalize ignores repeats
 * for training), waiters for `waitFor`, and a cap: past `maxRecords` the oldest are evicted and counted.
 * Storing is two steps (`prepare`, then `commit`) so a caller can persist a batch first and keep memory unchanged
 * when persisting fails.
 * @internal
 */
export function createRecordStore(maxRecords = 1_000_000) {
  // Live records are records[head..]; evicting advances head and the array is compacted now and then, so the cap
  // costs O(1) per record instead of shifting a million-entry array on every call.
  let records: StoredRecord[] = []
  let head = 0
  let evicted = 0
  let seenEventIds = new Set<string>()
  let seq = 0
  let waiters: Waiter[] = []
  const listeners: ((records: readonly StoredRecord[]) => void)[] = []
  // The raw body of every accepted call, by request id: records keep the parsed entries, this keeps the wire bytes.
  let rawRequests = new Map<string, string>()

  const live = () => (head === 0 ? records.slice() : records.slice(head))
  const notify = () => {
    if (waiters.length === 0) return
    const snapshot = live()
    waiters = waiters.filter((w) => {
      if (!w.predicate(snapshot)) return true
      w.resolve(snapshot)
      return false
    })
  }
  const evict = () => {
    while (records.length - head > maxRecords) {
      const old = records[head] as StoredRecord
      records[head] = undefined as unknown as StoredRecord
      head++
      evicted++
      // The key belongs to the first record that used it; keeping keys of evicted records would grow without bound.
      if (old.eventId !== undefined && !old.duplicateEventId) seenEventIds.delete(eventKey(old))
      if (records[head]?.requestId !== old.requestId) rawRequests.delete(old.requestId)
    }
    if (head > 1024 && head * 2 > records.length) {
      records = records.slice(head)
      head = 0
    }
  }
  const push = (r: StoredRecord) => {
    records.push(r)
    if (r.eventId !== undefined) seenEventIds.add(eventKey(r))
  }

  const store = {
    /**
     * Assigns seq numbers and duplicate flags without storing: nothing is visible until {@link commit}. The batch's
     * objects become the stored records (stamped in place, not copied: a copy per record was a tenth of a call).
     */
    prepare(batch: Omit<StoredRecord, 'seq' | 'duplicateEventId'>[]): PreparedBatch {
      const inBatch = new Set<string>()
      let next = seq
      const out = batch as StoredRecord[]
      for (const r of out) {
        let duplicateEventId = false
        if (r.eventId !== undefined) {
          const key = eventKey(r)
          duplicateEventId = seenEventIds.has(key) || inBatch.has(key)
          inBatch.add(key)
        }
        r.seq = ++next
        r.duplicateEventId = duplicateEventId
      }
      return { records: out, baseSeq: seq, eventKeys: inBatch }
    },
    /** Makes a prepared batch visible (and evicts the oldest records beyond the cap). */
    commit(prepared: PreparedBatch): StoredRecord[] {
      if (prepared.baseSeq !== seq) throw new Error('record batch prepared on a stale store')
      for (const r of prepared.records) records.push(r)
      for (const key of prepared.eventKeys) seenEventIds.add(key)
      seq += prepared.records.length
      evict()
      for (const l of listeners) l(prepared.records)
      notify()
      return prepared.records
    },
    /** Prepares and commits at once. */
    add(batch: Omit<StoredRecord, 'seq' | 'duplicateEventId'>[]): StoredRecord[] {
      return store.commit(store.prepare(batch))
    },
    /** Calls `fn` with every batch stored from now on (the runtime model learns from them as they arrive). */
    listen(fn: (records: readonly StoredRecord[]) => void) {
      listeners.push(fn)
    },
    addRaw(requestId: string, body: string) {
      rawRequests.set(requestId, body)
    },
    raw(requestId: string): string | undefined {
      return rawRequests.get(requestId)
    },
    /** Re-adds a persisted record as it was (replay on start). */
    restore(r: StoredRecord) {
      push(r)
      seq = Math.max(seq, r.seq)
      evict()
      for (const l of listeners) l([r])
    },
    query(filter?: RecordFilter, limit?: number): StoredRecord[] {
      const all = filter ? live().filter((r) => matches(r, filter)) : live()
      return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all
    },
    /** Calls `fn` on every live record, oldest first, without copying the array. */
    forEach(fn: (r: StoredRecord) => void) {
      for (let i = head; i < records.length; i++) fn(records[i] as StoredRecord)
    },
    get size() {
      return records.length - head
    },
    /** Records dropped because the store held `maxRecords`. */
    get evicted() {
      return evicted
    },
    maxRecords,
    waitFor(predicate: (records: StoredRecord[]) => boolean, timeoutMs: number): Promise<StoredRecord[]> {
      const snapshot = live()
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
              `[@personalize-kit/emulator] waitFor timed out after ${timeoutMs} ms with ${store.size} records stored`,
            ),
          )
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    clear() {
      records = []
      head = 0
      evicted = 0
      rawRequests = new Map()
      seenEventIds = new Set()
      seq = 0
      notify()
    },
  }
  return store
}

export type RecordStore = ReturnType<typeof createRecordStore>
