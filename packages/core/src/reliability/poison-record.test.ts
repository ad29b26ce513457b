import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import type { Dispatcher } from '../types'
import { clientConfigFor, deadLetterLog, quietLogger } from './reliability.test.helpers'

const SESSIONS = 1000
const PER_SESSION = 10
const POISON_SESSION = 'poison-session-617'
const POISON_EVENT_ID = 'the-poison-record'

let emulator: Emulator | undefined
let dispatcher: Dispatcher | undefined
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 1000 })
  await emulator?.stop()
})

/**
 * A real SDK client whose wire body blanks the eventType of one event after validation and serialisation: the
 * way a record the service rejects for a reason no client can check (its schema, the account's state) travels.
 * The emulator then answers the whole call with its own InvalidInputException, as Personalize does.
 */
function clientPoisoning(emulator: Emulator, eventId: string): PersonalizeEventsClient {
  const client = new PersonalizeEventsClient({ ...clientConfigFor(emulator), maxAttempts: 1 })
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown; headers: Record<string, string> }
      const body = request.body
      // The SDK hands a JSON adapter (string-like, or bytes) to later steps; read it without string methods.
      const text = ArrayBuffer.isView(body)
        ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString()
        : `${body}`
      if (text.includes(eventId)) {
        const json = JSON.parse(text) as { eventList: { eventId: string; eventType: string }[] }
        for (const event of json.eventList) if (event.eventId === eventId) event.eventType = ''
        request.body = JSON.stringify(json)
        request.headers['content-length'] = String(Buffer.byteLength(request.body as string))
      }
      return next(args)
    },
    // Before signing, so the emulator sees a correctly signed (if invalid) request.
    { step: 'build', name: 'poisonOneRecord' },
  )
  return client
}

describe('a poison record among 10,000', () => {
  it('dead-letters only that record, with the service message, and delivers its nine batch neighbours', async () => {
    emulator = await startEmulator({ port: 0, quiet: true })
    const deadLetters = deadLetterLog()
    dispatcher = createDispatcher({
      trackingId: 'poison-tracker',
      client: clientPoisoning(emulator, POISON_EVENT_ID),
      flushIntervalMs: 50,
      // No fault here is a hang, so a call timing out could only mean a starved CI machine; its retry would store
      // the batch twice (at-least-once), which is not what this test is about.
      requestTimeoutMs: 60_000,
      logger: quietLogger,
      onDeadLetter: deadLetters.handler,
    })
    const neighbours: string[] = []
    for (let n = 0; n < PER_SESSION; n++) {
      for (let s = 0; s < SESSIONS; s++) {
        const sessionId = `poison-session-${s}`
        const poison = sessionId === POISON_SESSION && n === 6
        const { eventId } = dispatcher.recordEvent({
          sessionId,
          eventType: 'view',
          itemId: `item-${n}`,
          ...(poison && { eventId: POISON_EVENT_ID }),
        })
        if (sessionId === POISON_SESSION && !poison) neighbours.push(eventId)
      }
    }
    await dispatcher.flush()

    const stats = dispatcher.stats()
    expect(stats).toMatchObject({
      accepted: 10_000,
      delivered: 9_999,
      deadLettered: 1,
      queued: 0,
      inFlight: 0,
    })
    expect(deadLetters.calls).toHaveLength(1)
    const [letter] = deadLetters.calls
    expect(letter?.reason).toBe('invalid-input')
    expect(letter?.records).toEqual([
      expect.objectContaining({
        operation: 'PutEvents',
        trackingId: 'poison-tracker',
        sessionId: POISON_SESSION,
        data: expect.objectContaining({ eventId: POISON_EVENT_ID, eventType: 'view', itemId: 'item-6' }),
      }),
    ])
    // The service's own words travel with the dead letter.
    expect(letter?.error).toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringMatching(/eventList\.7\.member\.eventType|eventType/),
    })

    const stored = emulator.records({ operation: 'PutEvents' })
    expect(new Set(stored.map((r) => r.eventId)).size).toBe(9_999)
    expect(stored.length, `stored twice: ${JSON.stringify(stats)}`).toBe(9_999)
    expect(stored.some((r) => r.eventId === POISON_EVENT_ID)).toBe(false)
    // The nine that shared its batch arrived, in order.
    expect(emulator.records({ sessionId: POISON_SESSION }).map((r) => r.eventId)).toEqual(neighbours)
  }, 120_000)
})
