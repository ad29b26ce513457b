import { randomUUID } from 'node:crypto'
import type { IssuedRecommendation } from './runtime-types'

/**
 * Every answer's `recommendationId` with what was recommended, to whom and when, so events that carry the id can
 * be joined to it. Capped; the oldest are forgotten first and counted.
 * @internal
 */
export function createRecommendationLog(cap = 100_000) {
  let byId = new Map<string, IssuedRecommendation>()
  let forgotten = 0
  return {
    /** A fresh id: `RID-` and a UUID, 40 characters, the longest an event's `recommendationId` may be. */
    issue(entry: Omit<IssuedRecommendation, 'recommendationId'>): IssuedRecommendation {
      const issued = { recommendationId: `RID-${randomUUID()}`, ...entry }
      byId.set(issued.recommendationId, issued)
      if (byId.size > cap) {
        byId.delete(byId.keys().next().value as string)
        forgotten++
      }
      return issued
    },
    /** Re-adds a persisted recommendation (replay on start). */
    restore(entry: IssuedRecommendation) {
      byId.set(entry.recommendationId, entry)
      if (byId.size > cap) {
        byId.delete(byId.keys().next().value as string)
        forgotten++
      }
    },
    /** Drops one again (its answer could not be persisted, so it was never given). */
    forget(id: string) {
      byId.delete(id)
    },
    get: (id: string) => byId.get(id),
    list: () => [...byId.values()],
    get forgotten() {
      return forgotten
    },
    clear() {
      byId = new Map()
      forgotten = 0
    },
  }
}

export type RecommendationLog = ReturnType<typeof createRecommendationLog>
