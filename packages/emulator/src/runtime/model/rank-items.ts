import type { KindInfo } from '../resource-kinds'
import type { RuntimeResourceKind } from '../runtime-types'
import { isPurchase } from './event-weights'
import type { GroupIndex, Interaction } from './interaction-index'

/** One scored candidate before filters and slicing. @internal */
export interface Scored {
  itemId: string
  score: number
  reason?: string
}

const QUERY_SIZE = 20
const QUERY_DECAY = 0.85
const SEEN_FACTOR = 0.3

// A loop, not Math.max(...values): spreading a large catalog overflows the call stack.
function maxOf(m: ReadonlyMap<string, number>): number {
  let max = 0
  for (const v of m.values()) if (v > max) max = v
  return max
}

/** FNV-1a of seed and id: a deterministic tie-break that differs per seed. */
function tieBreak(seed: number, id: string): number {
  let h = (2166136261 ^ seed) >>> 0
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0
  return h
}

/** The query: distinct items of a history, newest first, weighted by event type and recency of position. */
function queryOf(history: Interaction[]): Map<string, number> {
  const q = new Map<string, number>()
  let rank = 0
  for (let i = history.length - 1; i >= 0 && q.size < QUERY_SIZE; i--) {
    const it = history[i] as Interaction
    const w = it.weight * QUERY_DECAY ** rank
    const prev = q.get(it.itemId)
    if (prev === undefined) rank++
    q.set(it.itemId, Math.max(prev ?? 0, w))
  }
  return q
}

function trendScores(group: GroupIndex): Map<string, number> {
  const recent = group.recent()
  const half = Math.floor(recent.length / 2)
  const scores = new Map<string, number>()
  recent.forEach((it, i) => {
    scores.set(it.itemId, (scores.get(it.itemId) ?? 0) + (i >= half ? it.weight : -0.5 * it.weight))
  })
  return scores
}

/**
 * Scores every catalog item for one request. Co-occurrence with the query items comes first (scores in 0.5..1),
 * popularity fills in below (0..0.5), items already interacted with are pushed down, purchased ones dropped when
 * asked. Ties break by a seeded hash, so a seed and the data decide the order.
 * @internal
 */
export function rankItems(input: {
  kind: RuntimeResourceKind
  info: KindInfo
  group: GroupIndex | undefined
  catalog: ReadonlyMap<string, unknown>
  userId?: string
  itemId?: string
  excludePurchased: boolean
  seed: number
}): { ranked: Scored[]; history: Interaction[] } {
  const { kind, group, catalog, seed } = input
  const history = group && input.userId ? group.history(input.userId) : []
  const purchased = new Set(history.filter((h) => isPurchase(h.eventType)).map((h) => h.itemId))
  const seen = new Set(history.map((h) => h.itemId))

  let base: Map<string, number> | undefined
  let baseReason = 'Popular item'
  if (kind === 'best-sellers') {
    base = group?.purchases
    baseReason = 'Best seller'
  } else if (kind === 'most-viewed') {
    base = group?.views
    baseReason = 'Most viewed'
  } else if (kind === 'trending') {
    base = group ? trendScores(group) : undefined
    baseReason = 'Trending now'
  }
  const popularity = group?.popularity ?? new Map<string, number>()

  // Personal (co-occurrence) scores for the kinds that have a query.
  const personal = new Map<string, number>()
  const because = new Map<string, string>()
  let query = new Map<string, number>()
  if (
    kind === 'related-items' ||
    kind === 'customers-who-viewed-x-also-viewed' ||
    kind === 'frequently-bought-together'
  ) {
    if (input.itemId) query.set(input.itemId, 1)
  } else if (
    kind === 'user-personalization' ||
    kind === 'recommended-for-you' ||
    kind === 'personalized-ranking'
  ) {
    query = queryOf(history)
  }
  if (group) {
    for (const [q, qw] of query) {
      const row = kind === 'frequently-bought-together' ? group.coBought(q) : group.co(q)
      if (!row) continue
      for (const [j, c] of row) {
        // Dampen very popular items a little so co-occurrence, not sheer volume, decides.
        const s = (qw * c) / (1 + Math.log1p(popularity.get(j) ?? 0))
        const prev = personal.get(j) ?? 0
        personal.set(j, prev + s)
        const best = because.get(j)
        if (best === undefined || s > prev) because.set(j, q)
      }
    }
  }
  const maxPersonal = maxOf(personal)
  const fallback = base ?? popularity
  const maxFallback = maxOf(fallback)

  const ranked: Scored[] = []
  for (const id of catalog.keys()) {
    if (query.has(id) && input.itemId === id) continue
    if (input.excludePurchased && purchased.has(id)) continue
    const p = personal.get(id) ?? 0
    const f = fallback.get(id) ?? 0
    let score: number
    let reason: string | undefined
    if (p > 0 && maxPersonal > 0) {
      score = 0.5 + 0.5 * (p / maxPersonal)
      const q = because.get(id)
      reason =
        kind === 'frequently-bought-together'
          ? `Frequently bought with ${q}`
          : input.itemId
            ? `Customers who viewed ${q} also viewed this`
            : `Because you interacted with ${q}`
    } else if (f > 0 && maxFallback > 0) {
      score = 0.49 * (f / maxFallback)
      reason = baseReason
    } else score = 0
    if (seen.has(id) && kind !== 'personalized-ranking' && !base) score *= SEEN_FACTOR
    const entry: Scored = { itemId: id, score }
    if (reason) entry.reason = reason
    ranked.push(entry)
  }
  ranked.sort((a, b) => b.score - a.score || tieBreak(seed, a.itemId) - tieBreak(seed, b.itemId))
  return { ranked, history }
}
