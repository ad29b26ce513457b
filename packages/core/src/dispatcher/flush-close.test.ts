import { afterEach, describe, expect, it } from 'vitest'
import { PersonalizeClosedError } from '../errors'
import { balanced, type Harness, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('flush() is a barrier', () => {
  it('resolves at once with an empty report when nothing is held', async () => {
    h = await startHarness()
    expect(await h.create().flush()).toEqual({
      delivered: 0,
      deadLettered: 0,
      deadLetteredByReason: {},
      pending: 0,
    })
  })

  it('waits for records that are being retried', async () => {
    h = await startHarness({ faults: [{ kind: 'error503', count: 4 }] })
    const d = h.create()
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: `s${i}`, eventType: 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 3, deadLettered: 0, pending: 0 })
    expect(h.emulator.records()).toHaveLength(3)
  })

  it('serves every concurrent caller, each for what was accepted before its call', async () => {
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 200, count: 2 }] })
    const d = h.create()
    for (let i = 0; i < 4; i++) d.recordEvent({ sessionId: 'a', eventType: 'view' })
    const first = d.flush()
    const second = d.flush()
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 'b', eventType: 'view' })
    const third = d.flush()

    const [r1, r2, r3] = await Promise.all([first, second, third])
    expect(r1).toMatchObject({ delivered: 4, deadLettered: 0 })
    expect(r2).toMatchObject({ delivered: 4, deadLettered: 0 })
    expect(r3).toMatchObject({ delivered: 7, deadLettered: 0, pending: 0 })
    expect(h.emulator.records()).toHaveLength(7)
  })

  it('never hangs: a call that never answers is timed out, retried, then reported', async () => {
    h = await startHarness({ faults: [{ kind: 'hang' }] })
    const d = h.create({ requestTimeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    expect(await d.flush()).toMatchObject({
      delivered: 0,
      deadLettered: 1,
      deadLetteredByReason: { 'retries-exhausted': 1 },
    })
  })

  it('never hangs even on a transport that ignores abort signals', async () => {
    h = await startHarness()
    // A real SDK client whose request handler neither answers nor honours abortSignal.
    const deaf = h.client({ requestHandler: { handle: () => new Promise(() => {}) } })
    const d = h.create({
      client: deaf,
      requestTimeoutMs: 30,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    expect(await d.flush()).toMatchObject({
      deadLettered: 1,
      deadLetteredByReason: { 'retries-exhausted': 1 },
    })
  })
})

describe('flush({ timeoutMs })', () => {
  it('resolves by the deadline with what is left counted as pending, and keeps delivering it', async () => {
    h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 2500, count: 1 }] })
    const d = h.create()
    d.recordEvent({ sessionId: 'slow', eventType: 'view' })
    d.recordEvent({ sessionId: 'fast', eventType: 'view' })
    const report = await d.flush({ timeoutMs: 800 })
    expect(report).toEqual({ delivered: 1, deadLettered: 0, deadLetteredByReason: {}, pending: 1 })
    expect(await d.flush()).toMatchObject({ delivered: 1, pending: 0 })
    expect(h.emulator.records().map((r) => r.sessionId)).toEqual(['fast', 'slow'])
  })
})

describe('close()', () => {
  it('flushes everything, then refuses new records with PersonalizeClosedError', async () => {
    h = await startHarness()
    const d = h.create()
    for (let i = 0; i < 12; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    d.putItem({ itemId: 'i' })
    const closing = d.close()
    expect(d.closed).toBe(true)
    expect(() => d.recordEvent({ sessionId: 's', eventType: 'view' })).toThrow(PersonalizeClosedError)
    expect(() => d.putUser({ userId: 'u' })).toThrow(/closed/)
    expect(await closing).toMatchObject({ delivered: 13, deadLettered: 0, pending: 0 })
    expect(d.close()).toBe(closing)
    expect(d.stats()).toMatchObject({ accepted: 13, delivered: 13, refused: 2 })
    expect(h.emulator.records()).toHaveLength(13)
  })

  it("dead-letters what is left at the deadline with reason 'shutdown-timeout', in flight and queued alike", async () => {
    h = await startHarness({ faults: [{ kind: 'hang' }] })
    const d = h.create({ requestTimeoutMs: 60_000 })
    const ids = Array.from({ length: 15 }, () => d.recordEvent({ sessionId: 's', eventType: 'view' }).eventId)
    d.putItem({ itemId: 'i' })
    const report = await d.close({ timeoutMs: 150 })
    expect(report).toMatchObject({
      delivered: 0,
      deadLettered: 16,
      deadLetteredByReason: { 'shutdown-timeout': 16 },
    })
    expect(h.deadLetters.every((l) => l.reason === 'shutdown-timeout')).toBe(true)
    const lettered = h.deadLetters.flatMap((l) => l.records.map((r) => r.data.eventId)).filter(Boolean)
    expect(lettered.sort()).toEqual([...ids].sort())
    expect(d.stats()).toMatchObject({ queued: 0, inFlight: 0, deadLettered: 16 })
    expect(balanced(d)).toBe(true)
  })

  it('cuts retry backoff short at the deadline instead of waiting it out', async () => {
    h = await startHarness({ faults: [{ kind: 'throttle' }] })
    const d = h.create({ retry: { baseDelayMs: 60_000, throttleBaseDelayMs: 60_000, maxDelayMs: 60_000 } })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    // Send it now and let the first attempt fail, so the batch is sleeping before close() is called.
    void d.flush()
    await expect.poll(() => d.stats().retried).toBe(1)
    const report = await d.close({ timeoutMs: 100 })
    expect(report).toMatchObject({ deadLettered: 1, deadLetteredByReason: { 'shutdown-timeout': 1 } })
    // The dead letter says why the batch was still undelivered: its last attempt was throttled.
    expect(h.deadLetters[0]!.error).toMatchObject({ name: 'ThrottlingException' })
  })
})
