import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPersonalize } from './create-personalize'
import { createPagesHandler, type PagesApiRequest } from './pages-handler'
import { registry } from './registry'
import { type Emulator, emulatorOptions, resetRegistry, startTestEmulator } from './test-helpers'

let emulator: Emulator
let server: Server | undefined
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  await resetRegistry()
})

/** Reads and parses the JSON body the way Next's default API body parser does before calling the route. */
async function nextBodyParser(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

async function serve(
  handler: (req: PagesApiRequest, res: import('node:http').ServerResponse) => Promise<void>,
  parseBody: boolean,
): Promise<string> {
  server = createServer(async (req: PagesApiRequest, res) => {
    if (parseBody) req.body = await nextBodyParser(req)
    await handler(req, res)
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/personalize/events`
}

// What a serverless host (Vercel) installs for Next.js: a request context whose waitUntil keeps the function
// alive after the response. `next start` installs none.
const REQUEST_CONTEXT = Symbol.for('@next/request-context')
const holder = globalThis as { [REQUEST_CONTEXT]?: unknown }
afterEach(() => {
  delete holder[REQUEST_CONTEXT]
})

function postClick(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sku-p' }] }),
  })
}

describe.each([
  ['bodyParser: false (streamed body)', false],
  ["Next's default body parser", true],
])('createPagesHandler with %s', (_, parseBody) => {
  it("answers 202 with the session cookie and hands delivery to the platform's waitUntil", async () => {
    const waited: Promise<unknown>[] = []
    holder[REQUEST_CONTEXT] = {
      get: () => ({ waitUntil: (promise: Promise<unknown>) => waited.push(promise) }),
    }
    const personalize = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: (request) => request.headers.get('x-user') ?? undefined,
    })
    const url = await serve(createPagesHandler(personalize), parseBody)

    const response = await postClick(url, { 'x-user': 'user-pages' })

    expect(response.status).toBe(202)
    const sessionId = /pk_sid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    expect(sessionId).toBeDefined()
    // The interval is ten minutes: only the flush handed to waitUntil can have delivered it.
    expect(waited).toHaveLength(1)
    await Promise.all(waited)
    expect(emulator.records()).toMatchObject([{ sessionId, userId: 'user-pages', itemId: 'sku-p' }])
  })

  it('leaves delivery to the interval flush on a long-lived server', async () => {
    const personalize = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    const url = await serve(createPagesHandler(personalize), parseBody)

    const response = await postClick(url)

    expect(response.status).toBe(202)
    expect(personalize.dispatcher.stats().queued).toBe(1)
    await personalize.dispatcher.flush()
    expect(emulator.records()).toHaveLength(1)
  })
})

describe('createPagesHandler with a getUserId written for the App Router', () => {
  it('records the events without a user and says once how to fix it, never calling next/headers itself', async () => {
    const warnings: unknown[][] = []
    const logger = { debug() {}, info() {}, warn: (...args: unknown[]) => warnings.push(args), error() {} }
    // An auth library's auth(): it reads the session through next/headers, which throws in the Pages Router.
    const { cookies } = await import('next/headers.js')
    createPersonalize({
      dispatcherOptions: { ...emulatorOptions(emulator), logger },
      getUserId: async () => (await cookies()).get('session')?.value,
    })
    const url = await serve(createPagesHandler(), false)

    const first = await postClick(url)
    const second = await postClick(url)

    expect([first.status, second.status]).toEqual([202, 202])
    expect(warnings).toHaveLength(1)
    expect(String(warnings[0]?.[1])).toMatch(/getUserId uses next\/headers.*request getUserId receives/)
    await registryDispatcher().flush()
    expect(emulator.records().map((record) => record.userId)).toEqual([undefined, undefined])
  })
})

describe('createPagesHandler errors', () => {
  it('passes the collector errors through', async () => {
    createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    const url = await serve(createPagesHandler(), false)

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    })

    expect(response.status).toBe(415)
  })
})

function registryDispatcher() {
  const dispatcher = registry().dispatchers.get('default')
  if (!dispatcher) throw new Error('no default dispatcher')
  return dispatcher
}
