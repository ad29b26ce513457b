import { afterEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeClosedError, PersonalizeQueueFullError, PersonalizeValidationError } from '../errors'
import type { Dispatcher, DispatcherStats, EventInput, FlushReport } from '../types'
import { createCollector } from './create-collector'
import type { CollectorOptions } from './types'

/** An honest in-memory implementation of our own Dispatcher interface: it records what it is given. */
function memoryDispatcher(
  behaviour: { failWith?: (input: EventInput, n: number) => Error | undefined } = {},
) {
  const events: EventInput[] = []
  let n = 0
  const report: FlushReport = { delivered: 0, deadLettered: 0, deadLetteredByReason: {}, pending: 0 }
  const dispatcher: Dispatcher = {
    recordEvent(input) {
      const error = behaviour.failWith?.(input, n++)
      if (error) throw error
      events.push(input)
      return { eventId: input.eventId ?? `generated-${events.length}` }
    },
    putItem() {},
    putUser() {},
    putAction() {},
    recordActionInteraction: () => ({ eventId: 'a' }),
    flush: vi.fn(async () => report),
    close: async () => report,
    stats: () => ({}) as DispatcherStats,
    closed: false,
    maxQueueSize: 10_000,
    logger: console,
  }
  return { dispatcher, events }
}

const URL_ = 'https://shop.example/api/personalize/events'

function post(body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}) {
  return new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  })
}

function setup(options: Partial<CollectorOptions> = {}, behaviour?: Parameters<typeof memoryDispatcher>[0]) {
  const { dispatcher, events } = memoryDispatcher(behaviour)
  return { collect: createCollector({ dispatcher, ...options }), events, dispatcher }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createCollector', () => {
  it('accepts events, mints an HttpOnly Secure session cookie and answers 202 with event ids', async () => {
    const { collect, events } = setup()
    const response = await collect(
      post({ events: [{ eventType: 'click', itemId: 'sku-1', eventId: 'e-1' }] }),
    )
    expect(response.status).toBe(202)
    expect(await response.json()).toEqual({ accepted: ['e-1'], rejected: [], dropped: [] })
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^pk_sid=[0-9a-f]{32}; /)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Path=/')
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('Max-Age=2592000')
    expect(events[0]?.sessionId).toBe(cookie.slice('pk_sid='.length, cookie.indexOf(';')))
  })

  it('serveRequest judges origin and cookie by the public URL it is given, not by request.url', async () => {
    const seen: string[] = []
    const { collect, events } = setup({
      getUserId: (request) => {
        seen.push(request.url)
        return 'u-1'
      },
    })
    // What `next start` hands a route handler: its own bind address as the URL, the browser's origin in headers.
    const bound = () =>
      new Request('http://localhost:3000/api/personalize/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
        body: JSON.stringify({ events: [{ eventType: 'click', eventId: 'e-1' }] }),
      })
    expect((await collect(bound())).status).toBe(403)
    const response = await collect.serveRequest(bound(), { url: URL_ })
    expect(response.status).toBe(202)
    expect(response.headers.get('set-cookie')).toContain('Secure')
    expect(seen).toEqual([URL_])
    expect(events.map((e) => [e.eventId, e.userId])).toEqual([['e-1', 'u-1']])
  })

  it('omits Secure on http and honours a configured lifetime and cookie name', async () => {
    const { collect } = setup({ cookieName: 'sid', cookieMaxAgeSeconds: 60 })
    const request = new Request('http://localhost:3001/e', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ eventType: 'click' }] }),
    })
    const cookie = (await collect(request)).headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^sid=/)
    expect(cookie).toContain('Max-Age=60')
    expect(cookie).not.toContain('Secure')
  })

  it('reuses the session from the cookie and sets no new cookie', async () => {
    const { collect, events } = setup()
    const sid = 'a'.repeat(32)
    const response = await collect(
      post({ events: [{ eventType: 'click' }] }, { headers: { cookie: `x=1; pk_sid=${sid}` } }),
    )
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(events[0]?.sessionId).toBe(sid)
  })

  it('takes the userId from getUserId and ignores one in the body', async () => {
    const { collect, events } = setup({ getUserId: (request) => request.headers.get('x-user') })
    await collect(
      post({ events: [{ eventType: 'click', userId: 'attacker' }] }, { headers: { 'x-user': 'u-7' } }),
    )
    await collect(post({ events: [{ eventType: 'click', userId: 'attacker' }] }))
    expect(events.map((e) => e.userId)).toEqual(['u-7', undefined])
  })

  it('uses the body userId only with trustClientUserId, and getUserId still wins', async () => {
    const { collect, events } = setup({
      trustClientUserId: true,
      getUserId: (request) => request.headers.get('x-user'),
    })
    await collect(post({ events: [{ eventType: 'click', userId: 'client-u' }] }))
    await collect(
      post({ events: [{ eventType: 'click', userId: 'client-u' }] }, { headers: { 'x-user': 'srv' } }),
    )
    expect(events.map((e) => e.userId)).toEqual(['client-u', 'srv'])
  })

  it('answers 405 with Allow for other methods', async () => {
    const { collect } = setup()
    const response = await collect(new Request(URL_, { method: 'GET' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST, OPTIONS')
    expect((await response.json()).error).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: 'method GET is not allowed; use POST',
    })
  })

  it('answers 415 for non-JSON content types but accepts sendBeacon text/plain and JSON Blob bodies', async () => {
    const { collect, events } = setup()
    const form = await collect(
      post(null, { raw: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    )
    expect(form.status).toBe(415)
    expect((await form.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    const latin1 = await collect(
      post(
        { events: [{ eventType: 'x' }] },
        { headers: { 'content-type': 'application/json; charset=iso-8859-1' } },
      ),
    )
    expect(latin1.status).toBe(415)

    const text = await collect(
      post(
        { events: [{ eventType: 'beacon' }] },
        { headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      ),
    )
    expect(text.status).toBe(202)
    const blob = new Blob([JSON.stringify({ events: [{ eventType: 'blob' }] })], { type: 'application/json' })
    const viaBlob = await collect(
      new Request(URL_, { method: 'POST', body: blob, headers: { origin: 'https://shop.example' } }),
    )
    expect(viaBlob.status).toBe(202)
    expect(events.map((e) => e.eventType)).toEqual(['beacon', 'blob'])
  })

  it('answers 413 for a body over maxBodyBytes without reading all of it', async () => {
    const { collect } = setup({ maxBodyBytes: 1024 })
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(512).fill(32))
        if (pulled === 1000) controller.close()
      },
    })
    const request = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    const response = await collect(request)
    expect(response.status).toBe(413)
    expect((await response.json()).error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'request body exceeds maxBodyBytes (1024 bytes)',
    })
    expect(pulled).toBeLessThan(10)
  })

  it('answers 413 from a declared Content-Length without reading', async () => {
    const { collect } = setup({ maxBodyBytes: 10 })
    const response = await collect(
      post({ events: [{ eventType: 'click' }] }, { headers: { 'content-length': '999' } }),
    )
    expect(response.status).toBe(413)
  })

  it('answers 413 for more than maxEventsPerRequest events', async () => {
    const { collect, events } = setup({ maxEventsPerRequest: 2 })
    const response = await collect(
      post({ events: [{ eventType: 'a' }, { eventType: 'b' }, { eventType: 'c' }] }),
    )
    expect(response.status).toBe(413)
    expect((await response.json()).error).toEqual({
      code: 'TOO_MANY_EVENTS',
      message: 'request has 3 events; maxEventsPerRequest is 2',
    })
    expect(events).toHaveLength(0)
  })

  it('answers 403 for a foreign Origin or cross-site fetch, and serves allowedOrigins with CORS', async () => {
    const { collect } = setup({ allowedOrigins: ['https://partner.example'] })
    const evil = await collect(
      post({ events: [{ eventType: 'click' }] }, { headers: { origin: 'https://evil.example' } }),
    )
    expect(evil.status).toBe(403)
    expect((await evil.json()).error).toEqual({
      code: 'FORBIDDEN_ORIGIN',
      message: 'origin https://evil.example is not allowed; add it to allowedOrigins to accept its events',
    })
    expect(evil.headers.get('set-cookie')).toBeNull()

    const noOrigin = new Request(URL_, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ events: [{ eventType: 'click' }] }),
    })
    expect((await collect(noOrigin)).status).toBe(403)

    const partner = await collect(
      post({ events: [{ eventType: 'click' }] }, { headers: { origin: 'https://partner.example' } }),
    )
    expect(partner.status).toBe(202)
    expect(partner.headers.get('access-control-allow-origin')).toBe('https://partner.example')
    expect(partner.headers.get('access-control-allow-credentials')).toBe('true')

    const preflight = await collect(
      new Request(URL_, { method: 'OPTIONS', headers: { origin: 'https://partner.example' } }),
    )
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST')
  })

  it('trusts Sec-Fetch-Site same-origin when a proxy changed the scheme the server sees', async () => {
    const { collect } = setup()
    const request = new Request('http://internal:3001/api/personalize/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://shop.example',
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ events: [{ eventType: 'click' }] }),
    })
    expect((await collect(request)).status).toBe(202)
  })

  it('accepts valid events and rejects the rest per event (partial acceptance)', async () => {
    const { collect, events } = setup({ allowedEventTypes: ['click', 'view'] })
    const response = await collect(
      post({
        events: [{ eventType: 'click', eventId: 'ok' }, { eventType: 'purchase' }, { itemId: 3 }, 'nope'],
      }),
    )
    expect(response.status).toBe(202)
    const body = await response.json()
    expect(body.accepted).toEqual(['ok'])
    expect(body.rejected).toEqual([
      {
        index: 1,
        issues: [
          { path: 'eventType', message: 'eventType "purchase" is not allowed (allowed: click, view)' },
        ],
      },
      {
        index: 2,
        issues: [
          { path: 'eventType', message: 'eventType is required and must be a non-empty string' },
          { path: 'itemId', message: 'itemId must be a string' },
        ],
      },
      { index: 3, issues: [{ path: '', message: 'event must be a JSON object' }] },
    ])
    expect(events).toHaveLength(1)
  })

  it('reports the dispatcher validation issues and answers 400 when no event is valid', async () => {
    const { collect } = setup(
      {},
      {
        failWith: () =>
          new PersonalizeValidationError([
            { path: 'impression', message: 'must hold at most 25 item ids, got 30' },
          ]),
      },
    )
    const response = await collect(post({ events: [{ eventType: 'click' }] }))
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error.code).toBe('NO_VALID_EVENTS')
    expect(body.rejected).toEqual([
      { index: 0, issues: [{ path: 'impression', message: 'must hold at most 25 item ids, got 30' }] },
    ])
  })

  it('answers 503 with Retry-After when the queue is full', async () => {
    const { collect } = setup({}, { failWith: () => new PersonalizeQueueFullError(10) })
    const response = await collect(post({ events: [{ eventType: 'click' }] }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect((await response.json()).error.code).toBe('QUEUE_FULL')
  })

  it('keeps events accepted before the queue filled and marks the rest retryable', async () => {
    const { collect } = setup(
      {},
      { failWith: (_e, n) => (n >= 1 ? new PersonalizeQueueFullError(1) : undefined) },
    )
    const response = await collect(
      post({ events: [{ eventType: 'a', eventId: 'first' }, { eventType: 'b' }] }),
    )
    expect(response.status).toBe(202)
    expect(response.headers.get('retry-after')).toBe('5')
    const body = await response.json()
    expect(body.accepted).toEqual(['first'])
    expect(body.rejected[0].index).toBe(1)
  })

  it('answers 503 after the dispatcher is closed', async () => {
    const { collect } = setup({}, { failWith: () => new PersonalizeClosedError() })
    const response = await collect(post({ events: [{ eventType: 'click' }] }))
    expect(response.status).toBe(503)
    expect((await response.json()).error.code).toBe('UNAVAILABLE')
  })

  it('keeps sentAt inside the skew window and replaces it with server time outside', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-29T12:00:00Z'))
    const now = Date.now()
    const { collect, events } = setup({ clockSkewMs: 60_000 })
    await collect(
      post({
        events: [
          { eventType: 'a', sentAt: now - 30_000 },
          { eventType: 'b', sentAt: now - 3_600_000 },
          { eventType: 'c', sentAt: new Date(now + 86_400_000).toISOString() },
          { eventType: 'd' },
        ],
      }),
    )
    expect(events.map((e) => e.sentAt)).toEqual([now - 30_000, now, now, now])
  })

  it('rate limits per session with 429 and Retry-After, refilling over time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { collect } = setup({ rateLimitPerMinute: 3, maxEventsPerRequest: 3 })
    const headers = { cookie: `pk_sid=${'b'.repeat(32)}` }
    const three = { events: [{ eventType: 'a' }, { eventType: 'b' }, { eventType: 'c' }] }
    expect((await collect(post(three, { headers }))).status).toBe(202)
    const limited = await collect(post({ events: [{ eventType: 'd' }] }, { headers }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('20')
    expect((await limited.json()).error).toEqual({
      code: 'RATE_LIMITED',
      message: 'rate limit of 3 events per minute per session exceeded; retry in 20s',
    })
    // Another session is unaffected.
    expect(
      (
        await collect(
          post({ events: [{ eventType: 'd' }] }, { headers: { cookie: `pk_sid=${'c'.repeat(32)}` } }),
        )
      ).status,
    ).toBe(202)
    vi.setSystemTime(Date.now() + 20_000)
    expect((await collect(post({ events: [{ eventType: 'd' }] }, { headers }))).status).toBe(202)
  })

  it('enriches events with transformEvent and lists dropped ones', async () => {
    const { collect, events } = setup({
      transformEvent: (event, { request }) =>
        event.eventType === 'bot'
          ? null
          : { ...event, properties: { lang: request.headers.get('accept-language') } },
    })
    const response = await collect(
      post(
        { events: [{ eventType: 'bot' }, { eventType: 'click' }] },
        { headers: { 'accept-language': 'de' } },
      ),
    )
    expect(response.status).toBe(202)
    const body = await response.json()
    expect(body.dropped).toEqual([0])
    expect(body.accepted).toHaveLength(1)
    expect(events[0]?.properties).toEqual({ lang: 'de' })
  })

  it('rejects __proto__ keys, invalid JSON and bodies without an events array with 400', async () => {
    const { collect, events } = setup()
    const proto = await collect(
      post(null, { raw: '{"events":[{"eventType":"a","properties":{"__proto__":{"x":1}}}]}' }),
    )
    expect(proto.status).toBe(400)
    expect((await proto.json()).error).toEqual({
      code: 'INVALID_JSON',
      message: 'request body contains a "__proto__" key, which is not allowed',
    })
    // A key spelled with JSON escapes is the same key once parsed: it must be refused too.
    const escaped = await collect(
      post(null, { raw: '{"events":[{"eventType":"a","properties":{"\\u005f_proto\\u005f_":{"x":1}}}]}' }),
    )
    expect(escaped.status).toBe(400)
    expect((await escaped.json()).error.code).toBe('INVALID_JSON')
    const broken = await collect(post(null, { raw: '{"events":' }))
    expect((await broken.json()).error.code).toBe('INVALID_JSON')
    const shape = await collect(post({ event: [] }))
    expect((await shape.json()).error.message).toBe(
      'request body must be a JSON object { "events": [ ... ] }',
    )
    expect(events).toHaveLength(0)
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('answers 408 when the body does not arrive in time', async () => {
    const { collect } = setup({ bodyTimeoutMs: 50 })
    const body = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })
    const response = await collect(
      new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    )
    expect(response.status).toBe(408)
    expect((await response.json()).error.code).toBe('BODY_TIMEOUT')
  })

  it('hands a flush to waitUntil once events are accepted', async () => {
    const waitUntil = vi.fn()
    const { collect, dispatcher } = setup({ waitUntil })
    await collect(post({ events: [{ eventType: 'click' }] }))
    expect(waitUntil).toHaveBeenCalledTimes(1)
    expect(dispatcher.flush).toHaveBeenCalledTimes(1)
  })

  it('never rejects: a throwing getUserId becomes a 500 JSON response', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { collect } = setup({
      getUserId: () => {
        throw new Error('auth down')
      },
    })
    const response = await collect(post({ events: [{ eventType: 'click' }] }))
    expect(response.status).toBe(500)
    expect((await response.json()).error.code).toBe('INTERNAL')
  })
})
