import { isPurchase } from '../runtime/model/event-weights'
import type { IssuedRecommendation } from '../runtime/runtime-types'
import type { StoredRecord } from '../types'

/**
 * Attribution figures for one campaign or recommender, like Personalize's metric attribution.
 * @example
 * ```ts
 * const { resources } = emulator.attribution()
 * resources.find((r) => r.arn.endsWith('/demo-recommended-for-you'))?.ctr // 0.12
 * ```
 */
export interface ResourceAttribution {
  arn: string
  /** Answers the emulator gave (GetRecommendations/GetPersonalizedRanking/GetActionRecommendations calls). */
  recommendations: number
  /** Answers that were shown: at least one event carried their recommendationId. */
  impressions: number
  /** Items shown: the explicit `impression` lists, else every item of the answer. */
  impressedItems: number
  /** Events with the recommendationId on an item of that answer (anything but a purchase). */
  clicks: number
  /** Click events on an item that answer did not contain. */
  mismatchedClicks: number
  /** Purchase events with the recommendationId. */
  purchases: number
  /** Sum of `eventValue` over events with the recommendationId (revenue, when sent with purchases). */
  eventValue: number
  /** Click-through rate per item shown: clicks / impressedItems, 0 when nothing was shown. */
  ctr: number
}

/**
 * What `GET /_emulator/attribution` and `emulator.attribution()` answer.
 * @example
 * ```ts
 * expect(emulator.attribution().unknownRecommendationIds).toEqual([])
 * ```
 */
export interface AttributionReport {
  resources: ResourceAttribution[]
  /** recommendationIds carried by events that the emulator never issued (or has forgotten). */
  unknownRecommendationIds: string[]
  /** Events carrying an unknown recommendationId. */
  unknownEvents: number
  /** The latest clicks on items that were not in the recommendation they name (at most 100). */
  mismatchedClicks: {
    seq: number
    recommendationId: string
    itemId: string
    eventType?: string
    arn: string
  }[]
}

const MAX_LISTED = 1000
const MAX_MISMATCHED = 100

/**
 * Joins events that carry a `recommendationId` to what was recommended under it. Duplicate event ids are left out,
 * as Personalize ignores them.
 * @internal
 */
export function computeAttribution(
  forEachRecord: (fn: (r: StoredRecord) => void) => void,
  issued: readonly IssuedRecommendation[],
  lookup: (id: string) => IssuedRecommendation | undefined,
): AttributionReport {
  const rows = new Map<string, ResourceAttribution>()
  const row = (arn: string) => {
    let r = rows.get(arn)
    if (!r) {
      r = {
        arn,
        recommendations: 0,
        impressions: 0,
        impressedItems: 0,
        clicks: 0,
        mismatchedClicks: 0,
        purchases: 0,
        eventValue: 0,
        ctr: 0,
      }
      rows.set(arn, r)
    }
    return r
  }
  for (const i of issued) row(i.arn).recommendations++

  const shown = new Map<string, Set<string>>()
  const unknown = new Set<string>()
  let unknownEvents = 0
  const mismatched: AttributionReport['mismatchedClicks'] = []

  forEachRecord((r) => {
    if (r.operation !== 'PutEvents' && r.operation !== 'PutActionInteractions') return
    const id = r.data.recommendationId
    if (typeof id !== 'string' || r.duplicateEventId) return
    const rec = lookup(id)
    if (!rec) {
      unknownEvents++
      if (unknown.size < MAX_LISTED) unknown.add(id)
      return
    }
    const stats = row(rec.arn)
    const items = new Set(rec.items)
    const impression = r.data.impression
    let seen = shown.get(id)
    if (!seen) {
      seen = new Set()
      shown.set(id, seen)
      stats.impressions++
      if (!Array.isArray(impression)) {
        for (const it of rec.items) seen.add(it)
        stats.impressedItems += rec.items.length
      }
    }
    if (Array.isArray(impression)) {
      for (const it of impression) {
        if (typeof it === 'string' && !seen.has(it)) {
          seen.add(it)
          stats.impressedItems++
        }
      }
    }
    if (typeof r.data.eventValue === 'number') stats.eventValue += r.data.eventValue
    const item = r.itemId ?? r.actionId
    if (item === undefined) return
    if (isPurchase(r.eventType)) {
      stats.purchases++
      return
    }
    if (items.has(item)) stats.clicks++
    else {
      stats.mismatchedClicks++
      mismatched.push({
        seq: r.seq,
        recommendationId: id,
        itemId: item,
        eventType: r.eventType,
        arn: rec.arn,
      })
      if (mismatched.length > MAX_MISMATCHED) mismatched.shift()
    }
  })

  for (const r of rows.values()) {
    r.ctr = r.impressedItems > 0 ? Math.round((r.clicks / r.impressedItems) * 1e4) / 1e4 : 0
    r.eventValue = Math.round(r.eventValue * 100) / 100
  }
  return {
    resources: [...rows.values()],
    unknownRecommendationIds: [...unknown],
    unknownEvents,
    mismatchedClicks: mismatched,
  }
}
