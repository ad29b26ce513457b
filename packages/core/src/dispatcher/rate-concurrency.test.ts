import type { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Harness, startHarness } from './harness.test.helpers'

let h: Harness
const realSetTimeout = globalThis.setTimeout
/** Polls on real time (vi.waitFor would advance the fake clock). */
async function eventually(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check()
      return
    } catch (error) {
      if (i > 200) throw error
      await new Promise((resolve) => realSetTimeout(resolve, 10))
    }
  }
}
afterEach(async () => {
  vi.useRealTimers()
  await h.stop()
})

/** Instruments a real client: how many calls are in flight at once, and when each one started. */
function instrumented(client: PersonalizeEventsClient) {
  const probe = { inFlight: 0, maxInFlight: 0, starts: [] as { operation: string; at: number }[] }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      probe.inFlight++
      probe.maxInFlight = Math.max(probe.maxInFlight, probe.inFlight)
      probe.starts.push({ operation: String(context.commandName), at: Date.now() })
      try {
        return await next(args)
      } finally {
        probe.inFlight--
      }
    },
    { step: 'initialize', name: 'probeForTests' },
  )
  return { client, probe }
}

describe('p-queue concurrency and rate limits', () => {
  it('never has more than `concurrency` calls in flight, across operations', async () => {
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 30 }] })
    const { client, probe } = instrumented(h.client())
    const d = h.create({ client, concurrency: 3 })
    for (let i = 0; i < 12; i++) d.recordEvent({ sessionId: `s${i}`, eventType: 'view' })
    for (let i = 0; i < 4; i++) {
      d.putItem({ itemId: 'i', datasetArn: `arn:aws:personalize:us-east-1:1:dataset/d${i}/ITEMS` })
    }
    expect(await d.flush()).toMatchObject({ delivered: 16 })
    expect(probe.starts).toHaveLength(16)
    expect(probe.maxInFlight).toBe(3)
  })

  it('starts at most rateLimits[operation] calls in any one-second window, per operation', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    h = await startHarness()
    const { client, probe } = instrumented(h.client())
    const d = h.create({ client, rateLimits: { events: 4, items: 2 } })
    for (let i = 0; i < 10; i++) d.recordEvent({ sessionId: `s${i}`, eventType: 'view' })
    for (let i = 0; i < 5; i++) {
      d.putItem({ itemId: 'i', datasetArn: `arn:aws:personalize:us-east-1:1:dataset/d${i}/ITEMS` })
    }
    const flushed = d.flush()
    const started = (operation: string) =>
      probe.starts.filter((s) => s.operation.startsWith(operation)).length

    await eventually(() => expect(started('PutEvents')).toBe(4))
    expect(started('PutItems')).toBe(2)
    await vi.advanceTimersByTimeAsync(999)
    await new Promise((resolve) => realSetTimeout(resolve, 50))
    expect(started('PutEvents')).toBe(4)
    expect(started('PutItems')).toBe(2)
    await vi.advanceTimersByTimeAsync(1)
    await eventually(() => expect(started('PutEvents')).toBe(8))
    expect(started('PutItems')).toBe(4)
    await vi.advanceTimersByTimeAsync(1000)
    await eventually(() => expect(started('PutEvents')).toBe(10))
    expect(started('PutItems')).toBe(5)
    expect(await flushed).toMatchObject({ delivered: 15 })
  })
})
