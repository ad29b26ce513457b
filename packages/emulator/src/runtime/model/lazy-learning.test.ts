import { describe, expect, it } from 'vitest'
import { createPrng } from '../../prng'
import type { StoredRecord } from '../../types'
import { createModelIndex, type ModelIndex } from './interaction-index'

const TRACKER = 'tracker-1'
const ITEMS_ARN = 'arn:aws:personalize:us-east-1:000000000000:dataset/g/ITEMS'
const EVENT_TYPES = ['view', 'view', 'click', 'add-to-cart', 'purchase', 'like']

/** A seeded stream of records as the store hands them over: events of many sessions and users, items, repeats. */
function records(count: number, seed: number): StoredRecord[] {
  const rand = createPrng(seed)
  const pick = (n: number) => Math.floor(rand() * n)
  const out: StoredRecord[] = []
  let t = 1_700_000_000
  for (let seq = 1; seq <= count; seq++) {
    t += pick(5000)
    const base = { seq, requestId: `r${seq}`, receivedAt: t * 1000, duplicateEventId: false }
    if (pick(20) === 0) {
      out.push({
        ...base,
        operation: 'PutItems',
        datasetArn: ITEMS_ARN,
        itemId: `i${pick(120)}`,
        data: { properties: JSON.stringify({ category: `c${pick(5)}` }) },
      })
      continue
    }
    const session = pick(40)
    out.push({
      ...base,
      operation: 'PutEvents',
      trackingId: pick(10) === 0 ? 'other-tracker' : TRACKER,
      sessionId: `s${session}`,
      // Some sessions sign in: their events carry a user id shared with other sessions.
      ...(session % 3 === 0 ? { userId: `u${session % 7}` } : {}),
      eventType: EVENT_TYPES[pick(EVENT_TYPES.length)] as string,
      eventId: `e${seq}`,
      itemId: `i${pick(120)}`,
      data: { sentAt: t },
      duplicateEventId: pick(50) === 0,
    })
  }
  return out
}

/** Everything the model answers from, in iteration order (order decides ties, so it must match too). */
function snapshot(index: ModelIndex) {
  const group = index.group(TRACKER)
  if (!group) throw new Error('no group')
  const items = Array.from({ length: 120 }, (_, i) => `i${i}`)
  const subjects = [
    ...Array.from({ length: 40 }, (_, i) => `s${i}`),
    ...Array.from({ length: 7 }, (_, i) => `u${i}`),
  ]
  return {
    co: items.map((i) => [...(group.co(i) ?? [])]),
    coBought: items.map((i) => [...(group.coBought(i) ?? [])]),
    popularity: [...group.popularity],
    views: [...group.views],
    purchases: [...group.purchases],
    recent: group.recent(),
    histories: subjects.map((s) => group.history(s)),
    other: [...(index.group('other-tracker')?.popularity ?? [])],
    catalog: [...(index.catalog(ITEMS_ARN) ?? [])],
  }
}

describe('the model learns lazily', () => {
  it('storing records does no model work until the model is read', () => {
    const index = createModelIndex()
    const data = records(300, 1)
    for (const r of data) index.ingest(r)
    // A repeated eventId teaches nothing, so it is not even kept for later.
    expect(index.pending).toBe(data.filter((r) => !r.duplicateEventId).length)
    expect(index.pending).toBeGreaterThan(250)
    expect(index.group(TRACKER)).toBeDefined()
    expect(index.pending).toBe(0)
  })

  it('reading between records gives exactly what one read at the end gives (the eager and lazy paths agree)', () => {
    const data = records(4000, 7)
    const eager = createModelIndex()
    const lazy = createModelIndex()
    for (const r of data) {
      eager.ingest(r)
      // A read after every record folds it in at once: the index behaves as if it learnt on every record.
      eager.group(TRACKER)
      lazy.ingest(r)
    }
    expect(eager.pending).toBe(0)
    expect(lazy.pending).toBe(data.filter((r) => !r.duplicateEventId).length)
    expect(snapshot(lazy)).toEqual(snapshot(eager))
  })

  it('interleaved reads at random points change nothing either', () => {
    const data = records(3000, 11)
    const rand = createPrng(3)
    const once = createModelIndex()
    const often = createModelIndex()
    for (const r of data) {
      once.ingest(r)
      often.ingest(r)
      if (rand() < 0.05) often.catalog(ITEMS_ARN)
    }
    expect(snapshot(often)).toEqual(snapshot(once))
  })

  it('past its bound, learning catches up in background slices: no store call learns more than one slice', async () => {
    const data = records(3000, 13)
    const index = createModelIndex({ catchUpAt: 500, catchUpSlice: 50 })
    const reference = createModelIndex()
    let most = 0
    for (const r of data) {
      const before = index.pending
      index.ingest(r)
      reference.ingest(r)
      // Storing a record never folds the backlog in: that stalled the emulator for seconds under load.
      most = Math.max(most, before + (r.duplicateEventId ? 0 : 1) - index.pending)
    }
    expect(most).toBe(0)
    expect(index.pending).toBeGreaterThan(500)
    const slices: number[] = []
    while (index.pending > 0) {
      const before = index.pending
      await new Promise((resolve) => setImmediate(resolve))
      slices.push(before - index.pending)
    }
    expect(Math.max(...slices)).toBeLessThanOrEqual(50)
    expect(slices.length).toBeGreaterThan(10)
    expect(snapshot(index)).toEqual(snapshot(reference))
  })

  it('clear drops records not yet learnt', () => {
    const index = createModelIndex()
    for (const r of records(100, 5)) index.ingest(r)
    index.clear()
    expect(index.pending).toBe(0)
    expect(index.group(TRACKER)).toBeUndefined()
  })
})
