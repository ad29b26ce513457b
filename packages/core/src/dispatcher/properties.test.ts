import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { balanced, type Harness, poisonous, startHarness } from './harness.test.helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.stop()
})

const recordArb = fc.record({
  session: fc.integer({ min: 0, max: 4 }),
  signedIn: fc.boolean(),
  poison: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  flushAfter: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
})

describe('properties over random workloads (real SDK, emulator)', () => {
  it('calls never exceed 10 records nor mix groups; order holds per group; bisection drops exactly the poison', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), async (plan) => {
        h.emulator.reset()
        h.deadLetters.length = 0
        const d = h.create({ client: poisonous(h.client()) })
        const expected = new Map<string, string[]>()
        const poisoned = new Set<string>()
        for (const step of plan) {
          const sessionId = `s${step.session}`
          const userId = step.signedIn ? `u${step.session}` : undefined
          const { eventId } = d.recordEvent({ sessionId, userId, eventType: step.poison ? 'poison' : 'view' })
          const key = `${sessionId}|${userId ?? '-'}`
          if (step.poison) poisoned.add(eventId)
          else expected.set(key, [...(expected.get(key) ?? []), eventId])
          if (step.flushAfter) await d.flush()
        }
        await d.close()

        const stored = h.emulator.records({ operation: 'PutEvents' })
        const byRequest = new Map<string, Set<string>>()
        const actual = new Map<string, string[]>()
        for (const r of stored) {
          const key = `${r.sessionId}|${r.userId ?? '-'}`
          byRequest.set(r.requestId, (byRequest.get(r.requestId) ?? new Set()).add(key))
          actual.set(key, [...(actual.get(key) ?? []), r.eventId as string])
        }
        for (const call of h.calls('PutEvents')) {
          expect((JSON.parse(call.body) as { eventList: unknown[] }).eventList.length).toBeLessThanOrEqual(10)
        }
        for (const keys of byRequest.values()) expect(keys.size).toBe(1)
        expect(actual).toEqual(expected)
        const lettered = h.deadLetters.flatMap((l) => l.records.map((r) => r.data.eventId as string))
        expect(new Set(lettered)).toEqual(poisoned)
        expect(h.deadLetters.every((l) => l.reason === 'invalid-input' && l.records.length === 1)).toBe(true)
        expect(balanced(d)).toBe(true)
        expect(d.stats()).toMatchObject({ queued: 0, inFlight: 0, delivered: stored.length })
      }),
      { numRuns: 25 },
    )
  })
})
