import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Harness, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  vi.useRealTimers()
  await h.stop()
})

describe('deadlines on the monotonic clock', () => {
  it('a wall clock stepped back 30 s does not delay a 500 ms flush interval', async () => {
    h = await startHarness()
    // Only Date is faked (and keeps ticking with real time); timers, performance and HTTP are real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
    const d = h.create({ flushIntervalMs: 500 })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    vi.setSystemTime(Date.now() - 30_000) // NTP steps the clock back right after the record was accepted
    const started = performance.now()
    // Generous bound: far above 500 ms on a loaded machine, far below the 30 s a wall-clock deadline waits.
    await h.emulator.waitFor((records) => records.length === 1, 10_000)
    expect(performance.now() - started).toBeLessThan(10_000)
    await expect.poll(() => d.stats().delivered).toBe(1)
  })
})
