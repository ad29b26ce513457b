import { Agent, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import {
  type HostileRequest,
  hostileRequest,
  inspectDispatcher,
  prototypeSnapshot,
} from '@personalize-kit/test-utils/hostile-input'
import express5 from 'express'
import express4 from 'express4'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

const PATH = '/api/personalize/events'
const MAX_BODY_BYTES = 65_536
const SESSION = 'fuzzsession0123456789abcdef'
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

let emulator: Emulator
const servers: Server[] = []
const dispatchers: Dispatcher[] = []
const agent = new Agent({ keepAlive: true, maxSockets: 8 })

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})
afterAll(async () => {
  agent.destroy()
  await emulator.stop()
})

/** A real dispatcher to the emulator, behind a spy that checks every event the collector hands it. */
function inspectedDispatcher() {
  const real = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 200,
    logger: quiet,
  })
  dispatchers.push(real)
  return { real, ...inspectDispatcher(real) }
}

async function listen(app: express5.Express): Promise<string> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** Sends raw bytes with exactly the headers given (duplicates included), over a keep-alive connection. */
function send(
  base: string,
  hostile: HostileRequest,
  headers: Record<string, string>,
  reuse = true,
): Promise<Answer> {
  const url = new URL(PATH, base)
  const body =
    typeof hostile.body === 'string' ? Buffer.from(hostile.body, 'utf8') : Buffer.from(hostile.body)
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: reuse ? agent : false,
      headers: { ...headers, 'content-length': body.length },
    })
    if (hostile.contentType !== null) req.setHeader('content-type', hostile.contentType)
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')))
    req.once('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && error.code === 'ECONNRESET') {
        // The server closed this kept-alive connection (after cutting off an oversized upload) just as it was
        // reused: Node's documented race. Send again on a fresh connection.
        send(base, hostile, headers, false).then(resolve, reject)
      } else if (body.length > MAX_BODY_BYTES && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) {
        // A body over the cap is cut off before it is fully read; the client may see the reset before the 413.
        resolve({ status: 413, headers: {}, text: `connection reset: ${error.code}` })
      } else reject(error)
    })
    req.once('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.once('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
        }),
      )
      res.once('error', reject)
    })
    req.end(body)
  })
}

const APPS = [
  ['Express 5 behind express.json()', express5, true],
  ['Express 5, streamed body', express5, false],
  ['Express 4 behind express.json()', express4, true],
] as const

describe.each(APPS)('hostile input through %s', (_name, express, json) => {
  it('never answers 5xx, never pollutes prototypes, and lets only sound events reach the dispatcher', async () => {
    const { dispatcher, real, problems, expectSession } = inspectedDispatcher()
    const app = express()
    if (json) app.use(express.json({ limit: '1mb' }))
    app.use(personalize({ dispatcher, maxEventsPerRequest: 50 }))
    const base = await listen(app as unknown as express5.Express)
    const before = prototypeSnapshot()
    const statuses = new Map<number, number>()

    await fc.assert(
      fc.asyncProperty(hostileRequest, fc.boolean(), async (hostile, withCookie) => {
        expectSession(withCookie ? SESSION : undefined)
        const answer = await send(base, hostile, {
          origin: base,
          ...(withCookie ? { cookie: `pk_sid=${SESSION}` } : {}),
        })
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500)
        expect(answer.status).toBeGreaterThanOrEqual(200)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        expect(prototypeSnapshot()).toBe(before)
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1700), seed: Number(process.env.FUZZ_SEED ?? 9) },
    )

    expect(problems).toEqual([])
    await real.flush()
    const stats = real.stats()
    // The service accepted everything the collector let through: nothing invalid got past validation.
    expect(stats.deadLettered).toBe(0)
    expect(stats.accepted).toBeGreaterThan(10)
    expect(emulator.records({ operation: 'PutEvents' })).toHaveLength(stats.delivered)
    expect(emulator.requests().filter((r) => r.status !== 200)).toEqual([])
    expect(statuses.get(202)).toBeGreaterThan(0)
  }, 180_000)
})

/** Opens a raw connection, sends `head`, and resolves with whatever the server answers before it closes. */
function rawExchange(base: string, head: string, body: (socket: import('node:net').Socket) => void) {
  const { port } = new URL(base)
  return new Promise<{ text: string; elapsedMs: number }>((resolve, reject) => {
    const started = performance.now()
    const socket = connect({ host: '127.0.0.1', port: Number(port) })
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      text += chunk
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (text) resolve({ text, elapsedMs: performance.now() - started })
      else reject(error)
    })
    socket.once('close', () => resolve({ text, elapsedMs: performance.now() - started }))
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer within 15 s')))
    socket.once('connect', () => {
      socket.write(head)
      body(socket)
    })
  })
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('slow and endless bodies through %s', (_name, express) => {
  async function collectorApp(options: Partial<PersonalizeOptions> = {}) {
    const { dispatcher, real } = inspectedDispatcher()
    const app = express()
    app.use(personalize({ dispatcher, ...options }))
    return { base: await listen(app as unknown as express5.Express), real }
  }

  it('cuts off a body that never finishes with 408 after bodyTimeoutMs, and records nothing', async () => {
    const { base, real } = await collectorApp({ bodyTimeoutMs: 300 })
    const { text } = await rawExchange(
      base,
      `POST ${PATH} HTTP/1.1\r\nhost: ${new URL(base).host}\r\norigin: ${base}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n`,
      // Half a body, then silence: a slowloris client.
      (socket) => socket.write('{"events":[{"eventType":"click"'),
    )
    expect(text).toMatch(/^HTTP\/1\.1 408 /)
    expect(text).toContain('"code":"BODY_TIMEOUT"')
    // The connection is not left waiting for the rest of the upload.
    expect(text.toLowerCase()).toContain('connection: close')
    expect(real.stats().accepted).toBe(0)
  })

  it('answers 413 to an upload that never ends once it passes maxBodyBytes, long before it would finish', async () => {
    const { base, real } = await collectorApp({ maxBodyBytes: 4096 })
    let written = 0
    const { text } = await rawExchange(
      base,
      `POST ${PATH} HTTP/1.1\r\nhost: ${new URL(base).host}\r\norigin: ${base}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
      (socket) => {
        const chunk = 'x'.repeat(1024)
        const pump = () => {
          // Endless: stops only when the server answers or closes.
          if (socket.destroyed || written > 50 * 1024 * 1024) return
          written += chunk.length
          socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)
          setTimeout(pump, 1)
        }
        socket.write(`7\r\n{"e":"x\r\n`)
        pump()
      },
    )
    expect(text).toMatch(/^HTTP\/1\.1 413 /)
    expect(text).toContain('"code":"PAYLOAD_TOO_LARGE"')
    expect(written).toBeLessThan(1024 * 1024)
    expect(real.stats().accepted).toBe(0)
  })

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const { base } = await collectorApp({ maxBodyBytes: 4096 })
    const { text } = await rawExchange(
      base,
      `POST ${PATH} HTTP/1.1\r\nhost: ${new URL(base).host}\r\norigin: ${base}\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n`,
      (socket) => socket.write('{"events":['),
    )
    expect(text).toMatch(/^HTTP\/1\.1 413 /)
  })
})

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('spoofing and forgery through %s', (_name, express) => {
  async function shop(options: Partial<PersonalizeOptions> = {}) {
    const { dispatcher, real } = inspectedDispatcher()
    const app = express()
    app.use(express.json())
    app.use(personalize({ dispatcher, getUserId: (req) => req.get('x-signed-in-user'), ...options }))
    return { base: await listen(app as unknown as express5.Express), real }
  }
  const post = (base: string, events: unknown[], headers: Record<string, string> = {}) =>
    fetch(new URL(PATH, base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, ...headers },
      body: JSON.stringify({ events }),
    })

  it('ignores identity in the body: userId comes from the app, sessionId from the cookie', async () => {
    const { base, real } = await shop()
    const forged = { eventType: 'click', eventId: 'forged-1', userId: 'victim', sessionId: 'victim-session' }
    const anonymous = await post(base, [forged], { cookie: `pk_sid=${SESSION}` })
    expect(anonymous.status).toBe(202)
    const signedIn = await post(base, [{ ...forged, eventId: 'forged-2' }], {
      cookie: `pk_sid=${SESSION}`,
      'x-signed-in-user': 'alice',
    })
    expect(signedIn.status).toBe(202)
    await real.flush()
    expect(emulator.records({ eventId: 'forged-1' })[0]).toMatchObject({ sessionId: SESSION })
    expect(emulator.records({ eventId: 'forged-1' })[0]?.userId).toBeUndefined()
    expect(emulator.records({ eventId: 'forged-2' })[0]).toMatchObject({
      sessionId: SESSION,
      userId: 'alice',
    })
  })

  it('refuses cross-site posts: a foreign Origin, Origin null, or Sec-Fetch-Site cross-site', async () => {
    const { base, real } = await shop()
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: `${base}.evil.example` },
    ]) {
      const response = await post(base, [{ eventType: 'click' }], headers)
      expect(response.status, JSON.stringify(headers)).toBe(403)
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN_ORIGIN')
    }
    expect(real.stats().accepted).toBe(0)
  })

  it('holds the per-session rate limit exactly, with Retry-After', async () => {
    const { base, real } = await shop({ rateLimitPerMinute: 20, maxEventsPerRequest: 20 })
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 30; i++) {
      const response = await post(base, [{ eventType: 'click', eventId: `rate-${i}` }], {
        cookie: `pk_sid=${SESSION}`,
      })
      statuses.push(response.status)
      if (response.status === 429) retryAfter = response.headers.get('retry-after')
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    expect(real.stats().accepted).toBe(20)
  })

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure on https', async () => {
    const { base } = await shop()
    const plain = await post(base, [{ eventType: 'click' }])
    expect(plain.headers.getSetCookie()[0]).toMatch(/^pk_sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/)
    expect(plain.headers.getSetCookie()[0]).not.toContain('Secure')

    const { dispatcher } = inspectedDispatcher()
    const app = express()
    app.set('trust proxy', 'loopback')
    app.use(personalize({ dispatcher }))
    const proxied = await listen(app as unknown as express5.Express)
    const https = await post(proxied, [{ eventType: 'click' }], {
      'x-forwarded-proto': 'https',
      origin: `https://${new URL(proxied).host}`,
    })
    expect(https.status).toBe(202)
    expect(https.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/)
  })
})
