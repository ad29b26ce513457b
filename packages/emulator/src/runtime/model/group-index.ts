import type { StoredRecord } from '../../types'
import { eventWeight, isPurchase, RECENCY_HALF_LIFE_S } from './event-weights'

/** One interaction in a user's or session's history. @internal */
export interface Interaction {
  itemId: string
  eventType: string
  /** Event time, epoch seconds. */
  t: number
  weight: number
}

const CONTEXT_CAP = 50
const HISTORY_CAP = 500
const RECENT_CAP = 2000
// Sessions and users remembered per tracker: the oldest are forgotten beyond it, so memory stays bounded however
// long the emulator runs (co-occurrence already learnt from them stays).
const SUBJECT_CAP = 200_000

function capMap<V>(map: Map<string, V>, max: number) {
  if (map.size <= max) return
  for (const key of map.keys()) {
    map.delete(key)
    if (map.size <= max) return
  }
}

type Row = Map<string, number>
type Matrix = Map<string, Row>

/** An item in a session's or user's context: its strongest weight so far and, once made, its matrix row. */
interface ContextEntry {
  w: number
  row: Row | undefined
}

function bump(m: Map<string, number>, key: string, by: number) {
  m.set(key, (m.get(key) ?? 0) + by)
}

function rowOf(matrix: Matrix, item: string): Row {
  let row = matrix.get(item)
  if (!row) {
    row = new Map()
    matrix.set(item, row)
  }
  return row
}

/** What one tracker's events taught: co-occurrence, popularity, histories, recent events. @internal */
export function createGroupIndex() {
  let t0: number | undefined
  const co: Matrix = new Map()
  const coBought: Matrix = new Map()
  const popularity = new Map<string, number>()
  const views = new Map<string, number>()
  const purchases = new Map<string, number>()
  const contexts = new Map<string, Map<string, ContextEntry>>()
  const buyContexts = new Map<string, Map<string, ContextEntry>>()
  const byUser = new Map<string, Interaction[]>()
  const bySession = new Map<string, Interaction[]>()
  const sessionsOfUser = new Map<string, Set<string>>()
  const recent: Interaction[] = []

  // Contributions grow with event time instead of old ones decaying: the same ranking, computed incrementally.
  const recency = (t: number) => {
    t0 ??= t
    return 2 ** ((t - t0) / RECENCY_HALF_LIFE_S)
  }

  // The hot loop of learning (up to CONTEXT_CAP pairs per event and context): each entry keeps its matrix row, so
  // a pair costs two row updates and no matrix lookups. The additions happen in the same order as pairwise bumps,
  // so the sums, and the rows' key order that breaks ties, are exactly what they were.
  const addToContext = (
    all: Map<string, Map<string, ContextEntry>>,
    matrix: Matrix,
    key: string,
    item: string,
    w: number,
  ) => {
    let ctx = all.get(key)
    if (!ctx) {
      ctx = new Map()
      all.set(key, ctx)
    }
    let entry = ctx.get(item)
    const prev = entry?.w ?? 0
    let row = entry?.row
    if (w > prev) {
      const delta = w - prev
      for (const [other, o] of ctx) {
        if (other === item) continue
        row ??= rowOf(matrix, item)
        const by = delta * o.w
        row.set(other, (row.get(other) ?? 0) + by)
        o.row ??= rowOf(matrix, other)
        o.row.set(item, (o.row.get(item) ?? 0) + by)
      }
    }
    if (entry) {
      entry.w = Math.max(prev, w)
      entry.row = row
      ctx.delete(item)
    } else entry = { w, row }
    ctx.set(item, entry)
    if (ctx.size > CONTEXT_CAP) ctx.delete(ctx.keys().next().value as string)
    capMap(all, SUBJECT_CAP)
  }

  const append = (map: Map<string, Interaction[]>, key: string, i: Interaction) => {
    let list = map.get(key)
    if (!list) {
      list = []
      map.set(key, list)
    }
    list.push(i)
    if (list.length > HISTORY_CAP * 2) list.splice(0, list.length - HISTORY_CAP)
    capMap(map, SUBJECT_CAP)
  }

  return {
    ingest(r: StoredRecord) {
      if (r.operation !== 'PutEvents' || r.itemId === undefined || r.duplicateEventId) return
      const eventType = r.eventType ?? ''
      const sentAt = r.data.sentAt
      const t = typeof sentAt === 'number' ? sentAt : r.receivedAt / 1000
      const g = recency(t)
      const base = eventWeight(eventType)
      const w = base * g
      const interaction: Interaction = { itemId: r.itemId, eventType, t, weight: base }
      bump(popularity, r.itemId, w)
      if (isPurchase(eventType)) bump(purchases, r.itemId, g)
      else if (base === 1) bump(views, r.itemId, g)
      const keys = [`s\u0000${r.sessionId ?? ''}`]
      if (r.userId) keys.push(`u\u0000${r.userId}`)
      for (const k of keys) {
        addToContext(contexts, co, k, r.itemId, w)
        if (isPurchase(eventType)) addToContext(buyContexts, coBought, k, r.itemId, g)
      }
      if (r.sessionId) append(bySession, r.sessionId, interaction)
      if (r.userId) {
        append(byUser, r.userId, interaction)
        if (r.sessionId) {
          let set = sessionsOfUser.get(r.userId)
          if (!set) {
            set = new Set()
            sessionsOfUser.set(r.userId, set)
          }
          set.add(r.sessionId)
        }
      }
      recent.push(interaction)
      if (recent.length > RECENT_CAP * 2) recent.splice(0, recent.length - RECENT_CAP)
    },
    /**
     * Everything known about `id`: the user's events, the events of sessions that user signed in on, and, for an
     * anonymous visitor whose session id is passed as the user id, that session's events. Oldest first.
     */
    history(id: string): Interaction[] {
      const parts: Interaction[][] = []
      const user = byUser.get(id)
      if (user) parts.push(user)
      const seen = new Set<Interaction>(user ?? [])
      for (const s of [id, ...(sessionsOfUser.get(id) ?? [])]) {
        for (const i of bySession.get(s) ?? []) {
          if (!seen.has(i)) {
            seen.add(i)
            parts.push([i])
          }
        }
      }
      return parts.flat().sort((a, b) => a.t - b.t)
    },
    co: (item: string) => co.get(item),
    coBought: (item: string) => coBought.get(item),
    popularity,
    views,
    purchases,
    recent: () => recent.slice(-RECENT_CAP),
  }
}

export type GroupIndex = ReturnType<typeof createGroupIndex>
