import type { Server } from 'node:http'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express5 from 'express'
import express4 from 'express4'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

const ORIGIN = 'http://shop.test'
const PATH = '/api/personalize/events'
let emulator: Emulator
const dispatchers: Dispatcher[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterAll(async () => {
  await emulator.stop()
})
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})

function realDispatcher(flushIntervalMs = 50): Dispatcher {
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs,
  })
  dispatchers.push(dispatcher)
  return dispatcher
}

function cookieOf(response: { headers: Record<string, unknown> }): string {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? []
  return cookies.find((c) => c.startsWith('pk_sid=')) ?? ''
}

function sessionOf(cookie: string): string {
  return cookie.slice('pk_sid='.length, cookie.indexOf(';'))
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('%s', (_name, express) => {
  function shop(options: Partial<PersonalizeOptions> = {}, { json = true } = {}) {
    const dispatcher = realDispatcher()
    const app = express()
    if (json) app.use(express.json({ limit: '1mb' }))
    const pk = personalize({
      dispatcher,
      getUserId: (req) => req.get('x-user'),
      autoTrack: [
        { method: 'GET', path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id },
      ],
      ...options,
    })
    app.use(pk)
    app.get('/products/:id', (req, res) => {
      if (req.params.id === 'missing') res.status(404).send('not found')
      else res.send(`product ${req.params.id}`)
    })
    app.post('/checkout', (req, res) => {
      const { eventId } = req.personalize.recordEvent({
        eventType: 'purchase',
        itemId: 'sku-9',
        eventValue: 42,
      })
      res.json({ eventId, sessionId: req.personalize.sessionId })
    })
    return { app, dispatcher, pk }
  }

  const post = (app: express5.Express, body: unknown) =>
    request(app)
      .post(PATH)
      .set('origin', ORIGIN)
      .set('host', 'shop.test')
      .send(body as object)

  it('collects browser events into Personalize with a session cookie, ignoring the body userId', async () => {
    const { app, dispatcher } = shop()
    const response = await post(app, {
      events: [{ eventType: 'click', itemId: 'sku-1', eventId: 'evt-1', userId: 'forged' }],
    }).set('x-user', 'user-1')
    expect(response.status).toBe(202)
    expect(response.body).toEqual({ accepted: ['evt-1'], rejected: [], dropped: [] })
    const cookie = cookieOf(response)
    expect(cookie).toMatch(/^pk_sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/)

    await dispatcher.flush()
    const [record] = emulator.records({ operation: 'PutEvents' })
    expect(record).toMatchObject({ eventId: 'evt-1', eventType: 'click', itemId: 'sku-1', userId: 'user-1' })
    expect(record?.sessionId).toBe(sessionOf(cookie))
  })

  it('drops the body userId entirely for anonymous visitors', async () => {
    const { app, dispatcher } = shop()
    await post(app, { events: [{ eventType: 'click', eventId: 'anon', userId: 'forged' }] }).expect(202)
    await dispatcher.flush()
    expect(emulator.records({ eventId: 'anon' })[0]?.userId).toBeUndefined()
  })

  it('marks the cookie Secure behind a trusted https proxy', async () => {
    const { app } = shop()
    app.set('trust proxy', true)
    const response = await request(app)
      .post(PATH)
      .set('x-forwarded-proto', 'https')
      .set('host', 'shop.test')
      .set('origin', 'https://shop.test')
      .send({ events: [{ eventType: 'click' }] })
    expect(response.status).toBe(202)
    expect(cookieOf(response)).toContain('; Secure')
  })

  it('answers 413 for an oversized body, whether express.json() parsed it or not', async () => {
    const big = { events: [{ eventType: 'click', properties: { blob: 'x'.repeat(70_000) } }] }
    for (const json of [true, false]) {
      const { app } = shop({}, { json })
      const response = await post(app, big)
      expect(response.status).toBe(413)
      expect(response.body.error).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'request body exceeds maxBodyBytes (65536 bytes)',
      })
    }
  })

  it('answers 413 to a chunked upload with no Content-Length once it passes the cap', async () => {
    const app = express()
    app.use(personalize({ dispatcher: realDispatcher() }))
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}${PATH}`
    const chunk = new TextEncoder().encode(
      `{"events":[{"eventType":"a","properties":{"x":"${'y'.repeat(16_000)}`,
    )
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++
        controller.enqueue(sent === 1 ? chunk : new Uint8Array(16_000).fill(121))
        if (sent === 20) controller.close()
      },
    })
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url.slice(0, url.indexOf(PATH)) },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(413)
    expect((await response.json()).error.code).toBe('PAYLOAD_TOO_LARGE')
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  it('answers 413 for too many events, 415, 405 and 403 with clear messages', async () => {
    const { app } = shop({ maxEventsPerRequest: 2 })
    const many = await post(app, { events: [{ eventType: 'a' }, { eventType: 'b' }, { eventType: 'c' }] })
    expect(many.status).toBe(413)
    expect(many.body.error.message).toBe('request has 3 events; maxEventsPerRequest is 2')

    const form = await request(app)
      .post(PATH)
      .set('origin', ORIGIN)
      .set('host', 'shop.test')
      .type('form')
      .send('events=1')
    expect(form.status).toBe(415)
    expect(form.body.error.message).toBe(
      'content-type application/x-www-form-urlencoded is not supported; send application/json (or text/plain) in UTF-8',
    )

    const get = await request(app).get(PATH)
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST, OPTIONS')

    const forged = await request(app)
      .post(PATH)
      .set('origin', 'https://evil.example')
      .send({ events: [{ eventType: 'click' }] })
    expect(forged.status).toBe(403)
    expect(forged.body.error).toEqual({
      code: 'FORBIDDEN_ORIGIN',
      message: 'origin https://evil.example is not allowed; add it to allowedOrigins to accept its events',
    })
  })

  it('accepts a sendBeacon text/plain body that express.json() skipped', async () => {
    const { app, dispatcher } = shop()
    const response = await request(app)
      .post(PATH)
      .set('origin', ORIGIN)
      .set('host', 'shop.test')
      .set('content-type', 'text/plain;charset=UTF-8')
      .send(JSON.stringify({ events: [{ eventType: 'click', eventId: 'beacon-1' }] }))
    expect(response.status).toBe(202)
    await dispatcher.flush()
    expect(emulator.records({ eventId: 'beacon-1' })).toHaveLength(1)
  })

  it('rate limits a session with 429 and Retry-After', async () => {
    const { app } = shop({ rateLimitPerMinute: 2, maxEventsPerRequest: 2 })
    const first = await post(app, { events: [{ eventType: 'a' }, { eventType: 'b' }] }).expect(202)
    const cookie = cookieOf(first).split(';')[0] as string
    const limited = await post(app, { events: [{ eventType: 'c' }] }).set('cookie', cookie)
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('30')
    expect(limited.body.error.message).toBe(
      'rate limit of 2 events per minute per session exceeded; retry in 30s',
    )
  })

  it('accepts the allowed events of a request and rejects the others', async () => {
    const { app, dispatcher } = shop({ allowedEventTypes: ['click'] })
    const response = await post(app, {
      events: [
        { eventType: 'click', eventId: 'good' },
        { eventType: 'purchase', eventId: 'bad' },
        { eventType: 'click', impression: Array.from({ length: 30 }, (_, i) => `i${i}`) },
      ],
    })
    expect(response.status).toBe(202)
    expect(response.body.accepted).toEqual(['good'])
    expect(response.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2])
    expect(response.body.rejected[0].issues[0].message).toBe(
      'eventType "purchase" is not allowed (allowed: click)',
    )
    expect(response.body.rejected[1].issues[0].path).toBe('impression')
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' }).map((r) => r.eventId)).toEqual(['good'])

    const none = await post(app, { events: [{ eventType: 'purchase' }] })
    expect(none.status).toBe(400)
    expect(none.body.error.code).toBe('NO_VALID_EVENTS')
  })

  it('answers 503 with Retry-After when the real dispatcher queue is full, keeping what fit', async () => {
    const dispatcher = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      flushIntervalMs: 60_000,
      maxQueueSize: 2,
    })
    dispatchers.push(dispatcher)
    const app = express()
    // The whole queue for browser events: this test is about the dispatcher's own refusal.
    app.use(personalize({ dispatcher, maxQueueShare: 1 }))
    const partial = await post(app, {
      events: [{ eventType: 'a', eventId: 'q1' }, { eventType: 'b', eventId: 'q2' }, { eventType: 'c' }],
    })
    expect(partial.status).toBe(202)
    expect(partial.headers['retry-after']).toBe('5')
    expect(partial.body.accepted).toEqual(['q1', 'q2'])
    expect(partial.body.rejected).toEqual([
      { index: 2, issues: [{ path: '', message: 'the event queue is full; retry this event later' }] },
    ])
    const full = await post(app, { events: [{ eventType: 'd' }] })
    expect(full.status).toBe(503)
    expect(full.headers['retry-after']).toBe('5')
    expect(full.body.error).toEqual({ code: 'QUEUE_FULL', message: 'the event queue is full; retry later' })
  })

  it('keeps a recent sentAt and replaces one outside the skew window with server time', async () => {
    const { app, dispatcher } = shop()
    const now = Date.now()
    await post(app, {
      events: [
        { eventType: 'a', eventId: 'recent', sentAt: now - 60_000 },
        { eventType: 'b', eventId: 'backdated', sentAt: now - 30 * 24 * 3_600_000 },
      ],
    }).expect(202)
    await dispatcher.flush()
    const sentAt = (id: string) => emulator.records({ eventId: id })[0]?.data.sentAt as number
    expect(sentAt('recent')).toBeCloseTo((now - 60_000) / 1000, 0)
    expect(Math.abs(sentAt('backdated') - now / 1000)).toBeLessThan(60)
  })

  it('autoTracks product views only when the response is 2xx', async () => {
    const { app, dispatcher } = shop()
    const page = await request(app).get('/products/sku-7').set('x-user', 'user-2').expect(200)
    await request(app).get('/products/missing').expect(404)
    await request(app).post('/products/sku-8').expect(404)
    await dispatcher.flush()
    const views = emulator.records({ operation: 'PutEvents' })
    expect(views).toHaveLength(1)
    expect(views[0]).toMatchObject({ eventType: 'view', itemId: 'sku-7', userId: 'user-2' })
    expect(views[0]?.sessionId).toBe(sessionOf(cookieOf(page)))
  })

  it('gives route handlers req.personalize for server-side events in the same session', async () => {
    const { app, dispatcher } = shop()
    const sid = 'f'.repeat(32)
    const response = await request(app).post('/checkout').set('cookie', `pk_sid=${sid}`).set('x-user', 'u-9')
    expect(response.body.sessionId).toBe(sid)
    expect(cookieOf(response)).toBe('')
    await dispatcher.flush()
    expect(emulator.records({ eventId: response.body.eventId })[0]).toMatchObject({
      eventType: 'purchase',
      itemId: 'sku-9',
      sessionId: sid,
      userId: 'u-9',
    })
  })

  it('mints a session and sets its cookie when a handler first uses req.personalize, destructured or not', async () => {
    const { app, dispatcher } = shop({ getUserId: async (req) => req.get('x-user') })
    app.get('/plain', (_req, res) => {
      res.send('no personalization here')
    })
    app.post('/buy', (req, res) => {
      const { recordEvent } = req.personalize
      const { eventId } = recordEvent({ eventType: 'purchase', itemId: 'sku-3' })
      res.json({ eventId, sessionId: req.personalize.sessionId, userId: req.personalize.userId })
    })
    const plain = await request(app).get('/plain').expect(200)
    expect(cookieOf(plain)).toBe('')
    const bought = await request(app).post('/buy').set('x-user', 'u-async').expect(200)
    expect(bought.body.sessionId).toBe(sessionOf(cookieOf(bought)))
    expect(bought.body.userId).toBe('u-async')
    await dispatcher.flush()
    expect(emulator.records({ eventId: bought.body.eventId })[0]).toMatchObject({
      eventType: 'purchase',
      sessionId: bought.body.sessionId,
      userId: 'u-async',
    })
  })

  it('gives a page navigation its session cookie with the HTML, so the first browser batches share one session', async () => {
    const { app } = shop()
    app.get('/page', (_req, res) => {
      res.type('html').send('<!doctype html><p>hello</p>')
    })
    const byFetchMetadata = await request(app).get('/page').set('sec-fetch-dest', 'document').expect(200)
    expect(cookieOf(byFetchMetadata)).toMatch(/^pk_sid=[0-9a-f]{32}; /)
    const byAccept = await request(app)
      .get('/page')
      .set('accept', 'text/html,application/xhtml+xml')
      .expect(200)
    expect(cookieOf(byAccept)).toMatch(/^pk_sid=[0-9a-f]{32}; /)
    // Subresources and API calls pay for a session only when they use one.
    const image = await request(app)
      .get('/page')
      .set('sec-fetch-dest', 'image')
      .set('accept', 'text/html')
      .expect(200)
    expect(cookieOf(image)).toBe('')
    const returning = await request(app)
      .get('/page')
      .set('sec-fetch-dest', 'document')
      .set('cookie', `pk_sid=${'a'.repeat(32)}`)
      .expect(200)
    expect(cookieOf(returning)).toBe('')
  })

  it('upserts items and users through req.personalize', async () => {
    const { app, dispatcher } = shop()
    app.post('/signup', (req, res) => {
      req.personalize.putUser({ userId: 'new-user', properties: { plan: 'free' } })
      req.personalize.putItem({ itemId: 'sku-new', properties: { genre: 'a' } })
      res.sendStatus(201)
    })
    await request(app).post('/signup').expect(201)
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutUsers' }).map((r) => r.userId)).toEqual(['new-user'])
    expect(emulator.records({ operation: 'PutItems' }).map((r) => r.itemId)).toEqual(['sku-new'])
  })

  describe('shutdown', () => {
    async function listen(app: express5.Express): Promise<{ server: Server; url: string }> {
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s))
      })
      const address = server.address() as { port: number }
      return { server, url: `http://127.0.0.1:${address.port}` }
    }

    it('flushes held events when the server closes', async () => {
      const app = express()
      const pk = personalize({ dispatcher: realDispatcher(60_000) })
      app.use(pk)
      const { server, url } = await listen(app)
      pk.handleShutdown(server, { signals: [] })
      const response = await fetch(`${url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url },
        body: JSON.stringify({ events: [{ eventType: 'click', eventId: 'held-1' }] }),
      })
      expect(response.status).toBe(202)
      expect(emulator.records({ eventId: 'held-1' })).toHaveLength(0)
      server.close()
      // Nothing else flushes: the 60 s interval has not passed and close() is not called by the test.
      await emulator.waitFor((records) => records.some((r) => r.eventId === 'held-1'), 15_000)
      expect(pk.dispatcher.closed).toBe(true)
    })

    it('on a signal stops accepting, flushes and exits 0', async () => {
      const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
      vi.spyOn(console, 'info').mockImplementation(() => {})
      const app = express()
      const pk = personalize({ dispatcher: realDispatcher(60_000) })
      app.use(pk)
      app.post('/buy', (req, res) => {
        req.personalize.recordEvent({ eventType: 'purchase', eventId: 'held-2' })
        res.sendStatus(204)
      })
      const { server, url } = await listen(app)
      const undo = pk.handleShutdown(server, { signals: ['SIGUSR2'], timeoutMs: 4000 })
      expect((await fetch(`${url}/buy`, { method: 'POST' })).status).toBe(204)
      process.emit('SIGUSR2', 'SIGUSR2')
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0), { timeout: 15_000 })
      expect(server.listening).toBe(false)
      expect(emulator.records({ eventId: 'held-2' })).toHaveLength(1)
      undo()
    })
  })
})
