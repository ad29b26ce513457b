import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express5 from 'express'
import express4 from 'express4'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

const PATH = '/api/personalize/events'
const SESSION = 'limitsession0123456789abcdef'

interface Line {
  level: string
  obj: Record<string, unknown>
  msg?: string
}

function capture() {
  const lines: Line[] = []
  const at = (level: string) => (obj: unknown, msg?: string) =>
    void lines.push({ level, obj: obj as Record<string, unknown>, msg })
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
}

let emulator: Emulator
const servers: Server[] = []
const dispatchers: Dispatcher[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  emulator.faults.clear()
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})
afterAll(async () => {
  await emulator.stop()
})

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('%s', (_name, express) => {
  async function shop(options: Partial<PersonalizeOptions> = {}, trustProxy?: string) {
    const { lines, logger } = capture()
    const dispatcher = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      flushIntervalMs: 20,
      logger,
    })
    dispatchers.push(dispatcher)
    const app = express()
    if (trustProxy) app.set('trust proxy', trustProxy)
    app.use(express.json())
    app.use(
      personalize({
        dispatcher,
        autoTrack: [{ path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id }],
        ...options,
      }),
    )
    app.get('/products/:id', (_req, res) => void res.send('product'))
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    servers.push(server)
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return { base, dispatcher, lines }
  }

  const post = (base: string, events: unknown[], headers: Record<string, string> = {}) =>
    fetch(`${base}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, ...headers },
      body: JSON.stringify({ events }),
    })
  const clicks = (n: number) => Array.from({ length: n }, () => ({ eventType: 'click' }))

  it('limits cookie-less posts per client address (the socket address without trust proxy)', async () => {
    const { base } = await shop({ rateLimitPerMinute: 10, maxEventsPerRequest: 10 })
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) {
      // A forged X-Forwarded-For must not give a fresh bucket while the proxy is not trusted.
      statuses.push((await post(base, clicks(10), { 'x-forwarded-for': `198.51.100.${i}` })).status)
    }
    // Default address limit: ten sessions' worth (100 events per minute).
    expect(statuses.filter((s) => s === 202)).toHaveLength(10)
    expect(statuses.slice(10)).toEqual([429, 429])
  })

  it("honours Express's trust proxy: req.ip from X-Forwarded-For sent by a trusted proxy", async () => {
    const { base } = await shop(
      { rateLimitPerMinute: 10, rateLimitPerAddressPerMinute: 20, maxEventsPerRequest: 10 },
      'loopback',
    )
    const from = (ip: string) => ({ 'x-forwarded-for': ip })
    expect((await post(base, clicks(10), from('203.0.113.1'))).status).toBe(202)
    expect((await post(base, clicks(10), from('203.0.113.1'))).status).toBe(202)
    const limited = await post(base, clicks(10), from('203.0.113.1'))
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain(
      'per client address',
    )
    expect((await post(base, clicks(10), from('203.0.113.2'))).status).toBe(202)
  })

  it('counts autoTrack views against the same per-session limit as collected events, and logs the rest', async () => {
    const { base, dispatcher, lines } = await shop({ rateLimitPerMinute: 20, maxEventsPerRequest: 10 })
    const cookie = `pk_sid=${SESSION}`
    expect((await post(base, clicks(10), { cookie })).status).toBe(202)
    const statuses: number[] = []
    for (let i = 0; i < 15; i++) {
      const page = await fetch(`${base}/products/sku-${i}`, { headers: { cookie } })
      statuses.push(page.status)
      await page.text()
    }
    // The page itself is served; only the view beyond the limit is not recorded.
    expect(statuses.every((s) => s === 200)).toBe(true)
    await dispatcher.flush()
    const views = emulator.records({ operation: 'PutEvents', sessionId: SESSION, eventType: 'view' })
    expect(views).toHaveLength(10)
    const refused = lines.filter((l) => l.msg?.includes('autoTrack view for /products/'))
    expect(refused).toHaveLength(5)
    expect(refused[0]?.level).toBe('warn')
    expect(refused[0]?.obj.reason).toBe('session-rate-limit')
    expect((await post(base, clicks(1), { cookie })).status).toBe(429)
  })

  it('keeps half the queue for server records: browser posts get 503, req.personalize still records', async () => {
    const { lines, logger } = capture()
    const dispatcher = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      flushIntervalMs: 20,
      requestTimeoutMs: 500,
      retry: { maxAttempts: 100, maxDelayMs: 200 },
      maxQueueSize: 100,
      logger,
    })
    dispatchers.push(dispatcher)
    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
    const app = express()
    app.use(express.json())
    app.use(personalize({ dispatcher, maxEventsPerRequest: 25 }))
    app.post('/buy', (req, res) => {
      req.personalize.recordEvent({ eventType: 'purchase', itemId: 'sku-1' })
      res.sendStatus(204)
    })
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    servers.push(server)
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await post(base, clicks(25))).status)
    expect(statuses).toEqual([202, 202, 503, 503])
    for (let i = 0; i < 50; i++) expect((await fetch(`${base}/buy`, { method: 'POST' })).status).toBe(204)
    emulator.faults.clear()
    // Unique ids: on a loaded machine a slow call may time out and be sent again (stored as a duplicate).
    await emulator.waitFor(
      (records) =>
        new Set(records.filter((r) => r.eventType === 'purchase').map((r) => r.eventId)).size === 50,
      20_000,
    )
    expect(lines.filter((l) => l.level === 'error')).toEqual([])
  })

  it('judges 1e400 behind express.json() exactly as the raw text/plain path', async () => {
    const { base } = await shop()
    const text = '{"events":[{"eventType":"click","eventValue":1e400}]}'
    const answers = []
    for (const type of ['application/json', 'text/plain']) {
      const response = await fetch(`${base}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': type, origin: base },
        body: text,
      })
      answers.push({ status: response.status, body: await response.json() })
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0]?.status).toBe(400)
    expect(JSON.stringify(answers[0]?.body)).toContain('eventValue must be a finite number')
  })
})
