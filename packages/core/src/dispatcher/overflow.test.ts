import { afterEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeQueueFullError } from '../errors'
import { balanced, type Harness, silentLogger, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('bounded queue', () => {
  it("overflow 'reject' throws PersonalizeQueueFullError beyond maxQueueSize and queues nothing", async () => {
    h = await startHarness()
    const d = h.create({ maxQueueSize: 5 })
    for (let i = 0; i < 5; i++) d.recordEvent({ sessionId: `s${i}`, eventType: 'view' })
    let thrown: unknown
    try {
      d.recordEvent({ sessionId: 'late', eventType: 'view' })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PersonalizeQueueFullError)
    expect(thrown).toMatchObject({
      code: 'PERSONALIZE_QUEUE_FULL',
      message: expect.stringMatching(/maxQueueSize \(5\)/),
    })
    expect(d.stats()).toMatchObject({ accepted: 5, queued: 5, refused: 1 })
    expect(await d.flush()).toMatchObject({ delivered: 5 })
    // Room again once delivered.
    expect(() => d.recordEvent({ sessionId: 'late', eventType: 'view' })).not.toThrow()
  })

  it("overflow 'drop-oldest' dead-letters the oldest queued record with reason queue-full", async () => {
    h = await startHarness()
    const d = h.create({ maxQueueSize: 5, overflow: 'drop-oldest' })
    const ids = Array.from(
      { length: 8 },
      (_, i) => d.recordEvent({ sessionId: `s${i % 3}`, eventType: 'view' }).eventId,
    )
    expect(h.deadLetters.map((l) => [l.reason, l.records[0]!.data.eventId])).toEqual([
      ['queue-full', ids[0]],
      ['queue-full', ids[1]],
      ['queue-full', ids[2]],
    ])
    expect(d.stats()).toMatchObject({
      accepted: 8,
      queued: 5,
      deadLettered: 3,
      deadLetteredByReason: { 'queue-full': 3 },
    })
    expect(balanced(d)).toBe(true)
    await d.flush()
    expect(
      h.emulator
        .records()
        .map((r) => r.eventId)
        .sort(),
    ).toEqual(ids.slice(3).sort())
  })

  it('holds the bound even when onDeadLetter records again (re-queueing what was dropped)', async () => {
    h = await startHarness()
    let requeued = 0
    const d = h.create({
      maxQueueSize: 3,
      overflow: 'drop-oldest',
      onDeadLetter: (records) => {
        if (requeued++ < 2)
          d.recordEvent({ sessionId: 'again', eventType: String(records[0]!.data.eventType) })
      },
    })
    for (let i = 0; i < 6; i++) d.recordEvent({ sessionId: 's', eventType: `e${i}` })
    const s = d.stats()
    expect(s.queued + s.inFlight).toBeLessThanOrEqual(3)
    expect(balanced(d)).toBe(true)
    await d.flush()
    expect(balanced(d)).toBe(true)
  })

  it('summarises overflow in the log instead of writing a line per dropped record', async () => {
    h = await startHarness()
    const logger = silentLogger()
    const d = h.create({ maxQueueSize: 2, overflow: 'drop-oldest', logger })
    for (let i = 0; i < 7; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(h.deadLetters).toHaveLength(5) // onDeadLetter still hears about every record
    await d.close()
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      '[@personalize-kit/core] 1 record(s) dead-lettered: queue-full',
      '[@personalize-kit/core] 4 record(s) dead-lettered: queue-full',
    ])
  })

  it('counts records in flight against the bound, and refuses when nothing queued can be dropped', async () => {
    h = await startHarness({ faults: [{ kind: 'hang' }] })
    const d = h.create({ maxQueueSize: 10, overflow: 'drop-oldest', requestTimeoutMs: 60_000 })
    for (let i = 0; i < 10; i++) d.recordEvent({ sessionId: 's', eventType: 'view' }) // a full batch, now in flight
    await vi.waitFor(() => expect(h.emulator.requests()).toHaveLength(1))
    expect(d.stats()).toMatchObject({ inFlight: 10, queued: 0 })
    expect(d.held?.()).toBe(10) // what the collector reads for the browser share, without building stats()
    expect(() => d.recordEvent({ sessionId: 's', eventType: 'view' })).toThrow(PersonalizeQueueFullError)
    await d.close({ timeoutMs: 50 })
  })
})
