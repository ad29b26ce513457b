import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'
import { FULL_BODIES, ROUTES } from './test-fixtures'
import type { Emulator, RequestLogEntry, StoredRecord } from './types'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 3 })
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())

const admin = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
  // Mutating admin calls must be JSON (see admin-guard.test.ts).
  const json = init?.method === 'POST' || init?.method === 'DELETE'
  const res = await fetch(`${emulator.url}/_emulator/${path}`, {
    ...init,
    ...(json ? { headers: { 'content-type': 'application/json' } } : {}),
  })
  return { status: res.status, body: (await res.json()) as T }
}
const post = (path: string, body: unknown) =>
  fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const event = (sessionId: string, userId: string | undefined, eventType: string) => ({
  trackingId: 't1',
  sessionId,
  ...(userId ? { userId } : {}),
  eventList: [{ eventType, sentAt: 1700000000 }],
})

describe('admin API', () => {
  it('GET health reports the service, mode and counts', async () => {
    const { status, body } = await admin<Record<string, unknown>>('health')
    expect(status).toBe(200)
    expect(body).toMatchObject({
      status: 'ok',
      service: 'personalize-events',
      apiVersion: '2018-03-22',
      signature: 'warn',
      seed: 3,
      records: 0,
    })
  })

  it('GET records filters by operation, trackingId, sessionId, userId, eventType and since', async () => {
    await post('/events', event('s1', 'u1', 'click'))
    await post('/events', event('s2', undefined, 'view'))
    await post(ROUTES.PutItems, FULL_BODIES.PutItems)
    const records = async (q: string) =>
      (await admin<{ records: StoredRecord[] }>(`records?${q}`)).body.records
    expect(await records('')).toHaveLength(3)
    expect((await records('operation=PutItems')).map((r) => r.itemId)).toEqual(['i1'])
    expect((await records('sessionId=s1'))[0]?.eventType).toBe('click')
    expect(await records('userId=u1')).toHaveLength(1)
    expect((await records('eventType=view'))[0]?.sessionId).toBe('s2')
    expect(await records('trackingId=t1')).toHaveLength(2)
    expect(await records(`since=${Date.now() + 60_000}`)).toEqual([])
    expect(await records('limit=1')).toHaveLength(1)
    expect((await admin<{ error: string }>('records?operation=Nope')).status).toBe(400)
  })

  it('GET requests lists calls with validation errors; GET requests/:id adds the stored records', async () => {
    await post('/events', event('s1', 'u1', 'click'))
    await post('/events', { trackingId: 't1', sessionId: 's1', eventList: [] })
    const { body } = await admin<{ requests: RequestLogEntry[] }>('requests')
    expect(body.requests.map((r) => r.status)).toEqual([200, 400])
    expect(body.requests[1]).toMatchObject({
      errorCode: 'InvalidInputException',
      outcome: 'invalid',
      violations: [{ path: 'eventList', pointer: '/eventList' }],
    })
    const errors = await admin<{ requests: RequestLogEntry[] }>('requests?errors=true')
    expect(errors.body.requests).toHaveLength(1)
    const summary = await admin<{ requests: RequestLogEntry[] }>('requests?summary=true&limit=1')
    expect(summary.body.requests).toHaveLength(1)
    expect(summary.body.requests[0]).not.toHaveProperty('body')
    expect(summary.body.requests[0]).not.toHaveProperty('headers')
    const detail = await admin<{ request: RequestLogEntry; records: StoredRecord[] }>(
      `requests/${body.requests[0]?.id}`,
    )
    expect(detail.body.records).toHaveLength(1)
    expect(JSON.parse(detail.body.request.body)).toMatchObject({ sessionId: 's1' })
    expect((await admin('requests/999999')).status).toBe(404)
  })

  it('GET raw/:requestId returns the exact body of an accepted call', async () => {
    const body = JSON.stringify(event('s-raw', 'u1', 'click'))
    const res = await fetch(`${emulator.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    const requestId = res.headers.get('x-amzn-requestid') as string
    const raw = await fetch(`${emulator.url}/_emulator/raw/${requestId}`)
    expect(await raw.text()).toBe(body)
    expect(emulator.rawRequest(requestId)).toBe(body)
    expect((await fetch(`${emulator.url}/_emulator/raw/nope`)).status).toBe(404)
  })

  it('GET stats counts by operation and outcome with p50/p95 handling latency', async () => {
    await post('/events', event('s1', 'u1', 'click'))
    await post('/events', event('s1', 'u1', 'click'))
    await post('/events', { bad: true })
    await post('/nope', {})
    const { body } = await admin<{
      total: number
      records: number
      byOperation: Record<string, Record<string, number>>
      byErrorCode: Record<string, number>
      latencyMs: { p50: number; p95: number; samples: number }
    }>('stats')
    expect(body.total).toBe(4)
    expect(body.records).toBe(2)
    expect(body.byOperation.PutEvents).toEqual({ total: 3, ok: 2, invalid: 1 })
    expect(body.byErrorCode).toEqual({ InvalidInputException: 1, UnknownOperationException: 1 })
    expect(body.latencyMs.samples).toBe(4)
    expect(body.latencyMs.p95).toBeGreaterThanOrEqual(body.latencyMs.p50)
  })

  it('faults: POST adds (one or many), GET lists, DELETE /:id removes one, DELETE clears', async () => {
    const added = await admin<{ added: { id: string }[] }>('faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'throttle', count: 1, operation: 'PutEvents' }),
    })
    expect(added.status).toBe(201)
    expect((await post('/events', event('s', 'u', 'a'))).headers.get('x-amzn-errortype')).toBe(
      'ThrottlingException',
    )
    await admin('faults', {
      method: 'POST',
      body: JSON.stringify([{ kind: 'error500' }, { kind: 'latency', latencyMs: 1 }]),
    })
    const listed = await admin<{ rules: { id: string; kind: string; hits: number }[] }>('faults')
    expect(listed.body.rules.map((r) => [r.kind, r.hits])).toEqual([
      ['throttle', 1],
      ['error500', 0],
      ['latency', 0],
    ])
    const removed = await admin<{ rules: unknown[] }>(`faults/${listed.body.rules[1]?.id}`, {
      method: 'DELETE',
    })
    expect(removed.body.rules).toHaveLength(2)
    expect((await admin('faults/f999', { method: 'DELETE' })).status).toBe(404)
    expect((await admin<{ rules: unknown[] }>('faults', { method: 'DELETE' })).body.rules).toEqual([])
    const bad = await admin<{ error: string }>('faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'nope' }),
    })
    expect(bad).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^rule 0: kind must be one of/) },
    })
  })

  it('POST reset forgets records, requests and stats', async () => {
    await post('/events', event('s1', 'u1', 'click'))
    expect((await admin('reset', { method: 'POST' })).status).toBe(200)
    expect(emulator.records()).toEqual([])
    expect(emulator.requests()).toEqual([])
  })

  it('GET stream pushes each new request as a server-sent event', async () => {
    const controller = new AbortController()
    const res = await fetch(`${emulator.url}/_emulator/stream`, { signal: controller.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let text = ''
    await post('/events', event('s-live', 'u1', 'click'))
    while (!text.includes('event: records')) {
      const { value, done } = await reader.read()
      if (done) break
      text += decoder.decode(value)
    }
    controller.abort()
    const requestEvent = /event: request\ndata: (.*)\n/.exec(text)
    const entry = JSON.parse(requestEvent?.[1] ?? '{}') as RequestLogEntry
    expect(entry).toMatchObject({ operation: 'PutEvents', status: 200, sessionId: 's-live', recordCount: 1 })
    // Summaries stay small: headers and bodies are fetched on demand.
    expect(entry).not.toHaveProperty('headers')
  })

  it('serves the inspector page at the root URL', async () => {
    const res = await fetch(`${emulator.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toContain('<title>')
  })

  it('answers unknown admin routes with 404 JSON', async () => {
    expect((await admin('nope')).status).toBe(404)
  })
})
