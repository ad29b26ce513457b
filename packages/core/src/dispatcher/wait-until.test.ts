import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('waitUntil (serverless)', () => {
  it('hands the platform a promise that settles once the records are sent, without waiting for the interval', async () => {
    h = await startHarness()
    const handed: Promise<unknown>[] = []
    const d = h.create({ flushIntervalMs: 3_600_000, waitUntil: (promise) => handed.push(promise) })
    // One request handler's synchronous burst shares one flush.
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    d.recordEvent({ sessionId: 's', eventType: 'click' })
    expect(handed).toHaveLength(2)
    expect(handed[0]).toBe(handed[1])
    expect(h.emulator.records()).toHaveLength(0)
    await Promise.all(handed)
    expect(h.emulator.records().map((r) => r.eventType)).toEqual(['view', 'click'])
    expect(h.calls()).toHaveLength(1)

    d.putItem({ itemId: 'i' })
    expect(handed[2]).not.toBe(handed[0])
    await handed[2]
    expect(h.emulator.records({ operation: 'PutItems' })).toHaveLength(1)
  })

  it('survives a waitUntil that throws outside a request', async () => {
    h = await startHarness()
    const d = h.create({
      waitUntil: () => {
        throw new Error('no request context')
      },
    })
    expect(() => d.recordEvent({ sessionId: 's', eventType: 'view' })).not.toThrow()
    expect(await d.flush()).toMatchObject({ delivered: 1 })
  })
})
