import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPersonalize } from './create-personalize'
import { createPagesHandler, type PagesApiRequest } from './pages-handler'
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

describe.each([
  ['bodyParser: false (streamed body)', false],
  ["Next's default body parser", true],
])('createPagesHandler with %s', (_, parseBody) => {
  it('answers 202 with the session cookie and delivers the events right after answering', async () => {
    const personalize = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: (request) => request.headers.get('x-user') ?? undefined,
    })
    const url = await serve(createPagesHandler(personalize), parseBody)

    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'user-pages' },
      body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sku-p' }] }),
    })

    expect(response.status).toBe(202)
    const sessionId = /pk_sid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    expect(sessionId).toBeDefined()
    // No after() in the Pages Router: the handler itself saw the flush through (interval is ten minutes).
    const [record] = await emulator.waitFor((records) => records.length > 0, 5_000)
    expect(record).toMatchObject({ sessionId, userId: 'user-pages', itemId: 'sku-p' })
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
