import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Harness, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  vi.useRealTimers()
  await h.stop()
})

const realSetTimeout = globalThis.setTimeout
const sessions = () => h.emulator.records().map((r) => r.sessionId)

describe('latency bound', () => {
  it('sends each group flushIntervalMs after its own oldest record, not on a global tick', async () => {
    // Only timers, Date and performance are faked, so real HTTP to the emulator still flows.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] })
    h = await startHarness()
    const d = h.create({ flushIntervalMs: 1000 })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    await vi.advanceTimersByTimeAsync(600)
    d.recordEvent({ sessionId: 'b', eventType: 'view' })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })

    await vi.advanceTimersByTimeAsync(399)
    expect(h.emulator.requests()).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    // Group a is due (its oldest record waited 1000 ms) and goes out whole; b has waited only 400 ms.
    await h.emulator.waitFor((records) => records.length === 2)
    expect(sessions()).toEqual(['a', 'a'])

    await vi.advanceTimersByTimeAsync(599)
    expect(sessions()).toEqual(['a', 'a'])
    await vi.advanceTimersByTimeAsync(1)
    await h.emulator.waitFor((records) => records.length === 3)
    expect(sessions()).toEqual(['a', 'a', 'b'])
    await d.flush()
    expect(d.stats()).toMatchObject({ delivered: 3, calls: 2 })
  })

  it('keeps the bound for records that queue up behind a full batch still in flight', async () => {
    const realSleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] })
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 5000, count: 1 }] })
    const d = h.create({ flushIntervalMs: 1000 })
    const record = () => d.recordEvent({ sessionId: 's', eventType: 'view' })
    for (let i = 0; i < 10; i++) record() // a full batch leaves at once and is slow
    for (let i = 0; i < 9; i++) record()
    await vi.advanceTimersByTimeAsync(1000) // those nine are due, but their group is busy
    record() // the group holds 10 again...
    record() // ...and one more, which must still leave within the bound
    for (let step = 0; step < 20 && h.emulator.records().length < 21; step++) {
      await vi.advanceTimersByTimeAsync(1000)
      await realSleep(25)
    }
    expect(h.emulator.records()).toHaveLength(21)
    expect(d.stats()).toMatchObject({ queued: 0 })
  })

  it('an idle dispatcher holds no ref’d timer, even with records waiting for their deadline', async () => {
    h = await startHarness()
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    const d = h.create({ flushIntervalMs: 60_000 })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    expect(d.stats().queued).toBe(1)
    expect(timers()).toBe(before)
  })
})

describe('process lifetime', () => {
  it('lets a process exit on its own with records queued and after a delivery (keep-alive sockets)', async () => {
    h = await startHarness()
    const script = fileURLToPath(new URL('./exit-check.test.fixture.ts', import.meta.url))
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, [tsx, script, h.emulator.url], {
      timeout: 20_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    expect(stdout.trim()).toBe('recorded')
    expect(h.emulator.records().map((r) => r.sessionId)).toEqual(['delivered'])
  })
})
