import type { StoredRecord } from '../../types'
import { createGroupIndex, type GroupIndex } from './group-index'

export type { GroupIndex, Interaction } from './group-index'

// Records waiting to be learnt from: past this many, learning catches up in the background, a slice per turn of the
// event loop, so the records kept alive only for learning and the first read's wait stay bounded. Folding them all
// at once inside one PutEvents call stalled the emulator for seconds (pnpm bench, latency: p99 6-7 s, queues full).
const CATCH_UP_AT = 200_000
const CATCH_UP_SLICE = 1_000

/**
 * The model's data: one group index per tracking id, and the item and action catalogs (properties by id) per
 * dataset ARN. Learning is lazy: storing a record only appends it to a log, and the log is folded into the index,
 * in arrival order, when something reads the model (a runtime request). Storing PutEvents calls no runtime request
 * reads thus costs no learning, and the index is exactly what learning on every record would have built.
 * @internal
 */
export function createModelIndex({
  catchUpAt = CATCH_UP_AT,
  catchUpSlice = CATCH_UP_SLICE,
}: {
  catchUpAt?: number
  catchUpSlice?: number
} = {}) {
  let groups = new Map<string, GroupIndex>()
  let catalogs = new Map<string, Map<string, Record<string, unknown>>>()
  let actionPopularity = new Map<string, Map<string, number>>()
  let actionHistory = new Map<string, Map<string, Set<string>>>()
  let pending: StoredRecord[] = []
  // pending[0..head) are learnt already (a background slice stopped there).
  let head = 0
  let catchingUp = false
  const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1)

  const catalog = (arn: string) => {
    let c = catalogs.get(arn)
    if (!c) {
      c = new Map()
      catalogs.set(arn, c)
    }
    return c
  }
  const properties = (r: StoredRecord): Record<string, unknown> => {
    const p = r.data.properties
    if (typeof p !== 'string') return {}
    try {
      const v = JSON.parse(p) as unknown
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
    } catch {
      return {}
    }
  }

  const learn = (r: StoredRecord) => {
    switch (r.operation) {
      case 'PutEvents': {
        const id = r.trackingId ?? ''
        let g = groups.get(id)
        if (!g) {
          g = createGroupIndex()
          groups.set(id, g)
        }
        g.ingest(r)
        return
      }
      case 'PutItems':
        if (r.datasetArn && r.itemId) catalog(r.datasetArn).set(r.itemId, properties(r))
        return
      case 'PutActions':
        if (r.datasetArn && r.actionId) catalog(r.datasetArn).set(r.actionId, properties(r))
        return
      case 'PutActionInteractions': {
        if (!r.actionId || r.duplicateEventId) return
        const id = r.trackingId ?? ''
        let pop = actionPopularity.get(id)
        if (!pop) {
          pop = new Map()
          actionPopularity.set(id, pop)
        }
        if ((r.eventType ?? '').toUpperCase() === 'TAKEN') bump(pop, r.actionId)
        let hist = actionHistory.get(id)
        if (!hist) {
          hist = new Map()
          actionHistory.set(id, hist)
        }
        const who = r.userId ?? r.sessionId ?? ''
        let set = hist.get(who)
        if (!set) {
          set = new Set()
          hist.set(who, set)
        }
        set.add(`${(r.eventType ?? '').toUpperCase()}\u0000${r.actionId}`)
        return
      }
      default:
        return
    }
  }
  const fold = () => {
    if (head >= pending.length) return
    const batch = pending
    const from = head
    pending = []
    head = 0
    for (let i = from; i < batch.length; i++) learn(batch[i] as StoredRecord)
  }
  const catchUpStep = () => {
    const end = Math.min(pending.length, head + catchUpSlice)
    while (head < end) learn(pending[head++] as StoredRecord)
    if (head < pending.length) {
      setImmediate(catchUpStep).unref()
      return
    }
    pending = []
    head = 0
    catchingUp = false
  }

  return {
    ingest(r: StoredRecord) {
      // A repeated eventId teaches nothing (Personalize ignores it for training), and it is the bulk of a replay.
      if (r.duplicateEventId) return
      pending.push(r)
      if (!catchingUp && pending.length - head >= catchUpAt) {
        catchingUp = true
        setImmediate(catchUpStep).unref()
      }
    },
    /** Records stored but not learnt from yet. */
    get pending() {
      return pending.length - head
    },
    group: (trackingId: string) => {
      fold()
      return groups.get(trackingId)
    },
    catalog: (arn: string) => {
      fold()
      return catalogs.get(arn)
    },
    actionPopularity: (trackingId: string) => {
      fold()
      return actionPopularity.get(trackingId)
    },
    clear() {
      pending = []
      head = 0
      groups = new Map()
      catalogs = new Map()
      actionPopularity = new Map()
      actionHistory = new Map()
    },
  }
}

export type ModelIndex = ReturnType<typeof createModelIndex>
