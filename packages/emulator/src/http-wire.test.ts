import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'
import { FULL_BODIES, ROUTES } from './test-fixtures'
import type { Emulator, Operation } from './types'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, maxBodyBytes: 64 * 1024 })
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status)
  expect(res.headers.get('x-amzn-errortype')).toBe(code)
  expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
  expect(res.headers.get('content-type')).toBe('application/json')
  const body = (await res.json()) as { message: string }
  expect(Object.keys(body)).toEqual(['message'])
  return body.message
}

describe('restJson1 wire', () => {
  it.each(Object.keys(ROUTES) as Operation[])(
    '%s answers 200 with an empty body, a request id and a Date',
    async (op) => {
      const res = await post(ROUTES[op], FULL_BODIES[op])
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('')
      const requestId = res.headers.get('x-amzn-requestid')
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN()
      expect(emulator.records({ requestId: requestId as string })).toHaveLength(1)
    },
  )

  it('keeps an endpoint base path (http://host/prefix → /prefix/events)', async () => {
    const res = await post('/some/prefix/events', FULL_BODIES.PutEvents)
    expect(res.status).toBe(200)
    expect(emulator.records()).toHaveLength(1)
  })

  it('rejects the whole request when any record is invalid; nothing is stored', async () => {
    const events = Array.from({ length: 10 }, (_, i) => ({ eventType: 'click', sentAt: 1700000000 + i }))
    events[7] = { eventType: 'click', sentAt: 1700000000, properties: '{"userId":"x"}' } as never
    const message = await expectError(
      await post('/events', { trackingId: 't', sessionId: 's', eventList: events }),
      400,
      'InvalidInputException',
    )
    expect(message).toContain('eventList.8.member.properties')
    expect(message).toContain("reserved key 'userId'")
    expect(emulator.records()).toEqual([])
    expect(emulator.requests()[0]?.violations?.[0]?.pointer).toBe('/eventList/7/properties')
  })

  it('answers malformed JSON with SerializationException', async () => {
    const message = await expectError(await post('/events', '{"trackingId": '), 400, 'SerializationException')
    expect(message).toMatch(/Unable to parse the request body as JSON/)
  })

  it('answers wrong member types with SerializationException naming the field', async () => {
    const body = {
      trackingId: 't',
      sessionId: 's',
      eventList: [{ eventType: 'a', sentAt: '2024-01-01T00:00:00Z' }],
    }
    const message = await expectError(await post('/events', body), 400, 'SerializationException')
    expect(message).toBe(
      "Expected epoch seconds (a JSON number) at 'eventList.1.member.sentAt', got the string '2024-01-01T00:00:00Z'",
    )
  })

  it('treats an empty body as an empty input (all required members missing)', async () => {
    const message = await expectError(await post('/items', ''), 400, 'InvalidInputException')
    expect(message).toBe(
      "2 validation errors detected: Value null at 'datasetArn' failed to satisfy constraint: Member must not be null; Value null at 'items' failed to satisfy constraint: Member must not be null",
    )
  })

  it('answers unknown routes and wrong methods with UnknownOperationException 404', async () => {
    await expectError(await post('/campaigns', {}), 404, 'UnknownOperationException')
    const res = await fetch(`${emulator.url}/events`)
    expect(await expectError(res, 404, 'UnknownOperationException')).toBe('No operation matches GET /events')
  })

  it('answers a body over the limit with 413 RequestEntityTooLargeException', async () => {
    const res = await post('/events', { trackingId: 't', sessionId: 's', pad: 'x'.repeat(70 * 1024) })
    const message = await expectError(res, 413, 'RequestEntityTooLargeException')
    expect(message).toContain('65536 bytes')
    expect(emulator.requests()[0]?.status).toBe(413)
  })

  it('answers a non-JSON content type with 415', async () => {
    await expectError(
      await post('/events', FULL_BODIES.PutEvents, { 'content-type': 'text/plain' }),
      415,
      'UnsupportedMediaTypeException',
    )
  })

  it('flags repeated eventIds per tracker, as Personalize ignores them for training', async () => {
    const body = (eventId: string, trackingId = 't') => ({
      trackingId,
      sessionId: 's',
      eventList: [{ eventType: 'a', sentAt: 1700000000, eventId }],
    })
    await post('/events', body('e1'))
    await post('/events', body('e1'))
    await post('/events', body('e1', 'other-tracker'))
    expect(emulator.records().map((r) => r.duplicateEventId)).toEqual([false, true, false])
    expect(emulator.requests()[1]?.warnings?.[0]).toMatch(/eventId 'e1' was already used/)
  })

  it('waitFor resolves once records arrive and rejects with a clear message on timeout', async () => {
    const waiting = emulator.waitFor((r) => r.some((x) => x.eventType === 'late'), 5000)
    await post('/events', { trackingId: 't', sessionId: 's', eventList: [{ eventType: 'late', sentAt: 1 }] })
    expect((await waiting).map((r) => r.eventType)).toEqual(['late'])
    await expect(emulator.waitFor(() => false, 20)).rejects.toThrow(
      'waitFor timed out after 20 ms with 1 records stored',
    )
  })
})
