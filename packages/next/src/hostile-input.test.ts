import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import {
  type HostileRequest,
  hostileRequest,
  inspectDispatcher,
  prototypeSnapshot,
} from '@personalize-kit/test-utils/hostile-input'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPersonalize, type PersonalizeOptions } from './create-personalize'
import { createPagesHandler } from './pages-handler'
import { type Emulator, resetRegistry, startTestEmulator } from './test-helpers'

const ORIGIN = 'http://shop.test'
const URL_PATH = '/api/personalize/events'
const SESSION = 'fuzzsession0123456789abcdef'
const RUNS = Number(process.env.FUZZ_RUNS ?? 0)
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

let emulator: Emulator
/** The eventIds each inspected dispatcher accepted, in order. */
const acceptedIds = new WeakMap<Dispatcher, string[]>()

function countById(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}
const servers: Server[] = []
const dispatchers: Dispatcher[] = []
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  await resetRegistry()
  emulator.reset()
})
afterAll(() => emulator.stop())

/** A real dispatcher to the emulator, behind a spy that checks every event the collector hands it. */
function inspectedDispatcher() {
  const real = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 200,
    logger: quiet,
  })
  dispatchers.push(real)
  const ids: string[] = []
  acceptedIds.set(real, ids)
  const recordEvent = real.recordEvent.bind(real)
  real.recordEvent = (input) => {
    const answer = recordEvent(input)
    ids.push(answer.eventId)
    return answer
  }
  return { real, ...inspectDispatcher(real) }
}

function bytesOf(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return typeof body === 'string'
    ? new TextEncoder().encode(body)
    : (new Uint8Array(body) as Uint8Array<ArrayBuffer>)
}

/** The Web Request an App Router route handler receives; bytes, so no content type is implied. */
function webRequest(hostile: HostileRequest, cookie: boolean): Request {
  const headers = new Headers({ origin: ORIGIN, host: 'shop.test' })
  if (cookie) headers.set('cookie', `pk_sid=${SESSION}`)
  for (const type of hostile.contentType === null ? [] : [hostile.contentType].flat()) {
    headers.append('content-type', type)
  }
  return new Request(`${ORIGIN}${URL_PATH}`, { method: 'POST', headers, body: bytesOf(hostile.body) })
}

/** Checks the invariants every answer must keep, whatever the input. */
async function checkAnswer(response: Response, before: string) {
  const text = await response.text()
  expect(response.status, text.slice(0, 300)).toBeLessThan(500)
  expect(response.status).toBeGreaterThanOrEqual(200)
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(prototypeSnapshot()).toBe(before)
}

async function expectOnlySoundEventsDelivered(real: Dispatcher, problems: string[], minimumAccepted: number) {
  expect(problems).toEqual([])
  await real.flush()
  const stats = real.stats()
  expect(stats.deadLettered).toBe(0)
  expect(stats.accepted).toBeGreaterThan(minimumAccepted)
  // At least once: a call that outlives requestTimeoutMs on a loaded machine is resent, so a batch may be stored
  // twice. Every accepted event is stored (as often as it was accepted: hostile bodies repeat eventIds), and
  // nothing is stored that was not accepted.
  const stored = countById(emulator.records({ operation: 'PutEvents' }).map((r) => String(r.eventId)))
  const accepted = countById(acceptedIds.get(real) ?? [])
  expect(accepted.size).toBeGreaterThan(0)
  for (const [id, count] of accepted) expect(stored.get(id) ?? 0, id).toBeGreaterThanOrEqual(count)
  expect([...stored.keys()].filter((id) => !accepted.has(id))).toEqual([])
  expect(emulator.requests().filter((r) => r.status !== 200)).toEqual([])
}

describe('hostile input through the App Router route handlers', () => {
  it('never answers 5xx, never pollutes prototypes, and lets only sound events reach the dispatcher', async () => {
    const { dispatcher, real, problems, expectSession } = inspectedDispatcher()
    const { handlers } = createPersonalize({ dispatcher, name: 'fuzz-app-router' })
    const before = prototypeSnapshot()
    await fc.assert(
      fc.asyncProperty(hostileRequest, fc.boolean(), async (hostile, cookie) => {
        expectSession(cookie ? SESSION : undefined)
        await checkAnswer(await handlers.POST(webRequest(hostile, cookie)), before)
      }),
      { numRuns: RUNS || 4000, seed: Number(process.env.FUZZ_SEED ?? 11) },
    )
    await expectOnlySoundEventsDelivered(real, problems, RUNS ? 0 : 100)
  }, 180_000)
})

/** Next's default API body parser, as far as the handler can tell: JSON parsed, text as a string, 400 on bad JSON. */
async function nextBodyParser(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<{ ok: boolean; body?: unknown }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  const type = req.headers['content-type'] ?? ''
  if (!type.includes('json')) return { ok: true, body: text }
  try {
    return { ok: true, body: text ? JSON.parse(text) : {} }
  } catch {
    res.statusCode = 400
    res.end('Invalid JSON')
    return { ok: false }
  }
}

async function pagesServer(options: PersonalizeOptions, parseBody: boolean): Promise<string> {
  const handler = createPagesHandler(options)
  const server = createServer(async (req: IncomingMessage & { body?: unknown }, res) => {
    if (parseBody) {
      const parsed = await nextBodyParser(req, res)
      if (!parsed.ok) return
      req.body = parsed.body
    }
    await handler(req, res)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${URL_PATH}`
}

describe.each([
  ['bodyParser: false (streamed body)', false],
  ["Next's default body parser", true],
])('hostile input through the Pages Router handler with %s', (_name, parseBody) => {
  it('never answers 5xx, never pollutes prototypes, and lets only sound events reach the dispatcher', async () => {
    const { dispatcher, real, problems, expectSession } = inspectedDispatcher()
    const url = await pagesServer({ dispatcher, name: `fuzz-pages-${parseBody}` }, parseBody)
    const origin = new URL(url).origin
    const before = prototypeSnapshot()
    await fc.assert(
      fc.asyncProperty(hostileRequest, fc.boolean(), async (hostile, cookie) => {
        expectSession(cookie ? SESSION : undefined)
        const headers = new Headers({ origin })
        if (cookie) headers.set('cookie', `pk_sid=${SESSION}`)
        for (const type of hostile.contentType === null ? [] : [hostile.contentType].flat()) {
          headers.append('content-type', type)
        }
        let response: Response
        try {
          response = await fetch(url, { method: 'POST', headers, body: bytesOf(hostile.body) })
        } catch (error) {
          // An upload over the cap is cut off before it is fully read; the client may see the reset first.
          if (hostile.body.length > 65_536) return
          throw error
        }
        if (parseBody && response.status === 400 && response.headers.get('content-type') === null) {
          // Next's own parser refused the JSON before the handler ran.
          expect(await response.text()).toBe('Invalid JSON')
          return
        }
        await checkAnswer(response, before)
      }),
      { numRuns: RUNS || 550, seed: Number(process.env.FUZZ_SEED ?? 12) },
    )
    await expectOnlySoundEventsDelivered(real, problems, RUNS ? 0 : 10)
  }, 180_000)
})

describe('spoofing and forgery through the App Router route handlers', () => {
  const post = (
    handlers: { POST: (r: Request) => Promise<Response> },
    events: unknown[],
    init: RequestInit & { url?: string } = {},
  ) =>
    handlers.POST(
      new Request(init.url ?? `${ORIGIN}${URL_PATH}`, {
        method: 'POST',
        body: JSON.stringify({ events }),
        ...init,
        headers: {
          'content-type': 'application/json',
          origin: ORIGIN,
          ...(init.headers as Record<string, string>),
        },
      }),
    )

  it('ignores identity in the body: userId comes from getUserId, sessionId from the cookie', async () => {
    const { dispatcher, real } = inspectedDispatcher()
    const { handlers } = createPersonalize({
      dispatcher,
      name: 'spoof',
      getUserId: (request) => request.headers.get('x-signed-in-user'),
    })
    const forged = { eventType: 'click', userId: 'victim', sessionId: 'victim-session-000000' }
    const anonymous = await post(handlers, [{ ...forged, eventId: 'forged-1' }], {
      headers: { cookie: `pk_sid=${SESSION}` },
    })
    const signedIn = await post(handlers, [{ ...forged, eventId: 'forged-2' }], {
      headers: { cookie: `pk_sid=${SESSION}`, 'x-signed-in-user': 'alice' },
    })
    expect([anonymous.status, signedIn.status]).toEqual([202, 202])
    await real.flush()
    expect(emulator.records({ eventId: 'forged-1' })[0]).toMatchObject({ sessionId: SESSION })
    expect(emulator.records({ eventId: 'forged-1' })[0]?.userId).toBeUndefined()
    expect(emulator.records({ eventId: 'forged-2' })[0]).toMatchObject({
      sessionId: SESSION,
      userId: 'alice',
    })
  })

  it('refuses cross-site posts: a foreign Origin, Origin null, or Sec-Fetch-Site cross-site', async () => {
    const { dispatcher, real } = inspectedDispatcher()
    const { handlers } = createPersonalize({ dispatcher, name: 'cross-site' })
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
      { origin: 'http://shop.test.evil.example' },
    ]) {
      const response = await post(handlers, [{ eventType: 'click' }], { headers })
      expect(response.status, JSON.stringify(headers)).toBe(403)
    }
    expect(real.stats().accepted).toBe(0)
  })

  it('holds the per-session rate limit exactly, with Retry-After', async () => {
    const { dispatcher, real } = inspectedDispatcher()
    const { handlers } = createPersonalize({
      dispatcher,
      name: 'rate',
      rateLimitPerMinute: 20,
      maxEventsPerRequest: 20,
    })
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) {
      const response = await post(handlers, [{ eventType: 'click' }], {
        headers: { cookie: `pk_sid=${SESSION}` },
      })
      statuses.push(response.status)
      if (response.status === 429)
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(20)
    expect(statuses.filter((s) => s === 429)).toHaveLength(10)
    expect(real.stats().accepted).toBe(20)
  })

  it('sets the session cookie HttpOnly and SameSite=Lax, and Secure on https', async () => {
    const { dispatcher } = inspectedDispatcher()
    const { handlers } = createPersonalize({ dispatcher, name: 'cookie' })
    const plain = await post(handlers, [{ eventType: 'click' }])
    expect(plain.headers.getSetCookie()[0]).toMatch(/^pk_sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/)
    expect(plain.headers.getSetCookie()[0]).not.toContain('Secure')
    const https = await post(handlers, [{ eventType: 'click' }], {
      url: `https://shop.test${URL_PATH}`,
      headers: { origin: 'https://shop.test' },
    })
    expect(https.status).toBe(202)
    expect(https.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/)
  })
})
