import { PersonalizeQueueFullError } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import { DISPATCHER_DEFAULTS } from '../dispatcher/defaults'
import type { Dispatcher } from '../types'
import { clientConfigFor, deadLetterLog, heapAfterGc, quietLogger, sleep } from './reliability.test.helpers'

// Simulated time, 1:10: one simulated second is 100 ms of real time, and every dispatcher delay (backoff, flush
// interval) is a tenth of its default, so the race between the outage and the retry budget is
// the same as in a real 30-second outage.
const SCALE = 10
const SIMULATED_SECOND = 1000 / SCALE
const OUTAGE_SECONDS = 30
const EVENTS_PER_SECOND = 1000
const SESSIONS = 50
const MAX_QUEUE = DISPATCHER_DEFAULTS.maxQueueSize

let emulator: Emulator | undefined
let dispatcher: Dispatcher | undefined
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 1000 })
  await emulator?.stop()
})

describe.each(['drop-oldest', 'reject'] as const)('a 30-second outage with overflow %s', (overflow) => {
  it('holds the queue at its bound, reports the overflow, keeps the heap flat, then delivers what it held', async () => {
    emulator = await startEmulator({ port: 0, quiet: true })
    const port = emulator.port
    const deadLetters = deadLetterLog({ keep: false })
    const droppedIds = new Set<string>()
    dispatcher = createDispatcher({
      trackingId: 'outage-tracker',
      clientConfig: clientConfigFor(emulator),
      overflow,
      // No fault here is a hang, so a call timing out could only mean a starved CI machine; its retry would store
      // the batch twice (at-least-once), which is not what this test is about.
      requestTimeoutMs: 60_000,
      flushIntervalMs: 1000 / SCALE,
      retry: { baseDelayMs: 100 / SCALE, throttleBaseDelayMs: 500 / SCALE, maxDelayMs: 20_000 / SCALE },
      logger: quietLogger,
      onDeadLetter: (records, reason, error) => {
        deadLetters.handler(records, reason, error)
        if (reason === 'queue-full') for (const r of records) droppedIds.add(r.data.eventId as string)
      },
    })
    let next = 0
    const record = () => {
      const i = next++
      return dispatcher?.recordEvent({
        sessionId: `outage-session-${i % SESSIONS}`,
        eventType: 'view',
        itemId: `item-${i % 313}`,
        eventId: `outage-${i}`,
      })
    }

    // Service up: a first second of traffic is delivered.
    for (let i = 0; i < EVENTS_PER_SECOND; i++) record()
    expect(await dispatcher.flush()).toMatchObject({ deadLettered: 0 })
    const deliveredBefore = dispatcher.stats().delivered
    const heapBefore = heapAfterGc()

    // The service goes away: connections are refused. Traffic keeps coming.
    await emulator.stop()
    emulator = undefined
    let refused = 0
    let maxHeld = 0
    let heapAtBound = 0
    // Paced by the clock, not by sleeps, so the outage lasts 3 real seconds however slow the machine is.
    const outageStart = performance.now()
    for (let second = 0; second < OUTAGE_SECONDS; second++) {
      await sleep(outageStart + second * SIMULATED_SECOND - performance.now())
      for (let i = 0; i < EVENTS_PER_SECOND; i++) {
        try {
          record()
        } catch (error) {
          if (!(error instanceof PersonalizeQueueFullError)) throw error
          refused++
        }
        const { queued, inFlight } = dispatcher.stats()
        maxHeld = Math.max(maxHeld, queued + inFlight)
      }
      if (second === 11) heapAtBound = heapAfterGc()
    }
    await sleep(outageStart + OUTAGE_SECONDS * SIMULATED_SECOND - performance.now())
    const heapAtEnd = heapAfterGc()
    const atRestart = dispatcher.stats()

    // The bound held, and the overflow was reported the configured way.
    expect(maxHeld).toBe(MAX_QUEUE)
    expect(atRestart.queued + atRestart.inFlight).toBe(MAX_QUEUE)
    // A batch retrying through the whole outage may run out of attempts (reported as retries-exhausted); that
    // frees room for as many new records, so the overflow is counted net of it.
    const exhaustedInOutage = atRestart.deadLetteredByReason['retries-exhausted']
    const overflowed = OUTAGE_SECONDS * EVENTS_PER_SECOND - MAX_QUEUE - exhaustedInOutage
    expect(atRestart.delivered).toBe(deliveredBefore)
    if (overflow === 'reject') {
      expect(refused).toBe(overflowed)
      expect(atRestart.deadLetteredByReason['queue-full']).toBe(0)
    } else {
      expect(refused).toBe(0)
      expect(deadLetters.byReason['queue-full']).toBe(overflowed)
      expect(atRestart.deadLetteredByReason['queue-full']).toBe(overflowed)
    }
    // Twenty more simulated seconds of overflow (20,000 records) left the heap where the full queue put it.
    expect(heapAtEnd - heapAtBound).toBeLessThan(Math.max(4 * 1024 * 1024, (heapAtBound - heapBefore) / 2))

    // The service comes back on the same address; everything still held is delivered.
    emulator = await startEmulator({ port, quiet: true })
    const report = await dispatcher.flush()
    const stats = dispatcher.stats()
    expect(report.pending).toBe(0)
    expect(stats).toMatchObject({ queued: 0, inFlight: 0, refused })
    expect(stats.accepted).toBe(stats.delivered + stats.deadLettered)
    // Records still queued at the restart had not used a single attempt, so none of them may be lost; only a batch
    // that was retrying through the whole outage may have run out of attempts, and that is reported.
    const exhausted = stats.deadLetteredByReason['retries-exhausted']
    expect(
      Object.keys(deadLetters.byReason).filter((r) => r !== 'queue-full' && r !== 'retries-exhausted'),
    ).toEqual([])
    expect(stats.delivered - deliveredBefore).toBe(MAX_QUEUE - (exhausted - exhaustedInOutage))
    expect(stats.delivered - deliveredBefore).toBeGreaterThanOrEqual(atRestart.queued)

    const stored = emulator.records({ operation: 'PutEvents' })
    expect(new Set(stored.map((r) => r.eventId)).size, JSON.stringify(stats)).toBe(stored.length)
    expect(stored).toHaveLength(MAX_QUEUE - (exhausted - exhaustedInOutage))
    expect(new Set(stored.map((r) => r.eventId)).size).toBe(stored.length)
    expect(stored.some((r) => droppedIds.has(r.eventId as string))).toBe(false)
    if (overflow === 'drop-oldest') {
      // The newest events survive: the very last one recorded is among those delivered.
      expect(stored.some((r) => r.eventId === `outage-${next - 1}`)).toBe(true)
    }
  }, 60_000)
})
