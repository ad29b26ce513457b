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

const sessions = () => h.emulator.records().map((r) => r.sessionId)

describe('latency bound', () => {
  it('sends each group flushIntervalMs after its own oldest record, not on a global tick', async () => {
    // Only timers and Date are faked, so real HTTP to the emulator still flows.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
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
