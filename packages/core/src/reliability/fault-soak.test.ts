import { PersonalizeQueueFullError } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import { DEFAULT_RETRY } from '../dispatcher/defaults'
import type { Dispatcher } from '../types'
import {
  belowHeld,
  callCounter,
  clientConfigFor,
  deadLetterLog,
  describeDeadLetters,
  quietLogger,
} from './reliability.test.helpers'

const SESSIONS = 500
const EVENTS_PER_SESSION = 100
const TOTAL = SESSIONS * EVENTS_PER_SESSION
// Four independent terminal faults of 8.53% each fail 1 - (1 - 0.0853)^4 = 30.0% of calls.
const EACH = 1 - 0.7 ** (1 / 4)

let emulator: Emulator | undefined
let dispatcher: Dispatcher | undefined
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 1000 })
  await emulator?.stop()
})

describe('fault soak: 50,000 events from 500 sessions, 30% of calls failing', () => {
  it('stores every event exactly once, in per-session order, and dead-letters nothing', async () => {
    const counter = callCounter()
    emulator = await startEmulator({
      port: 0,
      quiet: true,
      seed: 20_261_129,
      onRequest: counter.onRequest,
      faults: [
        // Slow calls are not failures, but they reorder completions across sessions.
        { kind: 'latency', probability: 0.1, latencyMs: 40 },
        { kind: 'throttle', probability: EACH },
        { kind: 'error500', probability: EACH },
        { kind: 'error503', probability: EACH },
        { kind: 'reset', probability: EACH },
      ],
    })
    const deadLetters = deadLetterLog()
    dispatcher = createDispatcher({
      trackingId: 'soak-tracker',
      clientConfig: clientConfigFor(emulator),
      flushIntervalMs: 50,
      // No fault here is a hang, so a call timing out could only mean a starved CI machine; its retry would store
      // the batch twice (at-least-once), which is not what this test is about.
      requestTimeoutMs: 60_000,
      // The default attempt budget is what decides loss at a given fault rate, so it stays untouched. Only the
      // waits are shortened (same shape, about 1/20 of the default delays) to keep the run within CI time.
      retry: { baseDelayMs: 5, throttleBaseDelayMs: 25, maxDelayMs: 1000 },
      logger: quietLogger,
      onDeadLetter: deadLetters.handler,
    })
    expect(DEFAULT_RETRY.maxAttempts).toBeGreaterThanOrEqual(15)

    const sentAtBase = Date.now() - 3_600_000
    const recorded = new Map<string, string[]>()
    let refused = 0
    // Round-robin across sessions, as concurrent visitors would interleave, backing off when the queue is
    // nearly full (as the collector's 503 + Retry-After makes browsers do).
    for (let sequence = 0; sequence < EVENTS_PER_SESSION; sequence++) {
      await belowHeld(dispatcher, 9000)
      for (let s = 0; s < SESSIONS; s++) {
        const sessionId = `soak-session-${s}`
        try {
          const { eventId } = dispatcher.recordEvent({
            sessionId,
            userId: `soak-user-${s}`,
            eventType: 'view',
            itemId: `item-${(s * 31 + sequence) % 997}`,
            sentAt: sentAtBase + sequence * 1000,
            properties: { sequence },
          })
          const ids = recorded.get(sessionId) ?? []
          ids.push(eventId)
          recorded.set(sessionId, ids)
        } catch (error) {
          if (!(error instanceof PersonalizeQueueFullError)) throw error
          refused++
        }
      }
    }
    expect(refused).toBe(0)
    const report = await dispatcher.flush()

    expect(describeDeadLetters(deadLetters)).toBe('')
    expect(report).toMatchObject({ deadLettered: 0, pending: 0 })
    const stats = dispatcher.stats()
    expect(stats).toMatchObject({
      accepted: TOTAL,
      delivered: TOTAL,
      deadLettered: 0,
      queued: 0,
      inFlight: 0,
    })
    expect(stats.accepted).toBe(stats.delivered + stats.deadLettered)

    // The faults really happened at the advertised rate.
    const failureRate = counter.counts.failed / counter.counts.calls
    expect(failureRate).toBeGreaterThan(0.27)
    expect(failureRate).toBeLessThan(0.33)
    expect(Object.keys(counter.counts.byFault).sort()).toEqual([
      'error500',
      'error503',
      'latency',
      'reset',
      'throttle',
    ])
    expect(stats.retried).toBeGreaterThan(0)

    // Exactly once: every recorded eventId is stored, none twice.
    const stored = emulator.records({ operation: 'PutEvents' })
    expect(new Set(stored.map((r) => r.eventId)).size).toBe(TOTAL)
    expect(stored.length, `stored twice: ${JSON.stringify(stats)}`).toBe(TOTAL)
    expect(stored.filter((r) => r.duplicateEventId)).toEqual([])

    // Per-session order: storage order, sequence property and sentAt all follow recording order.
    const bySession = new Map<string, typeof stored>()
    for (const record of stored) {
      const list = bySession.get(record.sessionId as string) ?? []
      list.push(record)
      bySession.set(record.sessionId as string, list)
    }
    expect(bySession.size).toBe(SESSIONS)
    for (const [sessionId, ids] of recorded) {
      const records = bySession.get(sessionId) ?? []
      expect(records.map((r) => r.eventId)).toEqual(ids)
      const sequences = records.map((r) => JSON.parse(r.data.properties as string).sequence as number)
      expect(sequences).toEqual(ids.map((_, i) => i))
      const sentAts = records.map((r) => r.data.sentAt as number)
      expect(sentAts).toEqual([...sentAts].sort((a, b) => a - b))
      expect(records.every((r) => r.userId === sessionId.replace('session', 'user'))).toBe(true)
    }
  }, 240_000)
})
