import { afterEach, describe, expect, it } from 'vitest'
import { balanced, type Harness, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('per-session order', () => {
  it('delivers each session in recorded order under 30% faults, each event exactly once', async () => {
    h = await startHarness({
      seed: 42,
      faults: [
        { kind: 'throttle', probability: 0.1 },
        { kind: 'error500', probability: 0.1 },
        { kind: 'reset', probability: 0.1 },
      ],
    })
    const d = h.create({ flushIntervalMs: 5 })
    const recorded = new Map<string, string[]>()
    for (let i = 0; i < 400; i++) {
      const sessionId = `s${i % 7}`
      const { eventId } = d.recordEvent({
        sessionId,
        userId: `u${i % 7}`,
        eventType: 'view',
        itemId: `i${i}`,
      })
      recorded.set(sessionId, [...(recorded.get(sessionId) ?? []), eventId])
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 2))
    }
    expect(await d.flush()).toMatchObject({ deadLettered: 0 })

    const stored = h.emulator.records({ operation: 'PutEvents' })
    expect(new Set(stored.map((r) => r.eventId)).size).toBe(400)
    for (const [sessionId, ids] of recorded) {
      const firstSeen = [...new Set(stored.filter((r) => r.sessionId === sessionId).map((r) => r.eventId))]
      expect(firstSeen).toEqual(ids)
    }
    expect(d.stats().retried).toBeGreaterThan(0)
    expect(balanced(d)).toBe(true)
  })

  it('keeps at most one call in flight per group, so a slow batch is never overtaken by its successor', async () => {
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 1500, count: 1 }] })
    const d = h.create()
    const ids: string[] = []
    // The first 10 leave at once (and hit the slow call); the next 5 must wait for them.
    for (let i = 0; i < 15; i++) ids.push(d.recordEvent({ sessionId: 's', eventType: 'view' }).eventId)
    await d.flush()
    expect(h.emulator.records().map((r) => r.eventId)).toEqual(ids)
  })

  it('does not hold other sessions behind a slow one (no head-of-line blocking)', async () => {
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 3000, count: 1 }] })
    const d = h.create()
    d.recordEvent({ sessionId: 'slow', eventType: 'view' })
    d.recordEvent({ sessionId: 'fast', eventType: 'view' })
    const flushed = d.flush()
    const early = await h.emulator.waitFor((records) => records.some((r) => r.sessionId === 'fast'))
    expect(early.map((r) => r.sessionId)).toEqual(['fast'])
    await flushed
    expect(h.emulator.records().map((r) => r.sessionId)).toEqual(['fast', 'slow'])
  })
})
