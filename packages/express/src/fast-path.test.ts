import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express from 'express'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

const PATH = '/api/personalize/events'
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

let emulator: Emulator
const servers: Server[] = []
const dispatchers: Dispatcher[] = []
const OriginalRequest = globalThis.Request
const OriginalResponse = globalThis.Response
const built = { requests: 0, responses: 0 }

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  globalThis.Request = OriginalRequest
  globalThis.Response = OriginalResponse
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})
afterAll(async () => {
  await emulator.stop()
})

/** Counts the Web Request/Response objects built in this process from now on (the real classes, subclassed). */
function countWebObjects() {
  built.requests = 0
  built.responses = 0
  globalThis.Request = class extends OriginalRequest {
    constructor(...args: ConstructorParameters<typeof Request>) {
      super(...args)
      built.requests++
    }
  }
  globalThis.Response = class extends OriginalResponse {
    constructor(...args: ConstructorParameters<typeof Response>) {
      super(...args)
      built.responses++
    }
  }
}

async function serve(options: Partial<PersonalizeOptions> = {}) {
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 20,
    logger: quiet,
  })
  dispatchers.push(dispatcher)
  const app = express()
  app.use(express.json())
  app.use(personalize({ dispatcher, ...options }))
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return { dispatcher, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** A request through node:http, so the client builds no Web objects either. */
async function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  const { request } = await import('node:http')
  const text = JSON.stringify(body)
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>(
    (resolve, reject) => {
      const req = request(
        `${base}${PATH}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            ...headers,
          },
        },
        (res) => {
          let data = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => {
            data += chunk
          })
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(data) }),
          )
        },
      )
      req.on('error', reject)
      req.end(text)
    },
  )
}

describe('the collector behind express.json()', () => {
  it('answers without building a Web Request or Response', async () => {
    const { base, dispatcher } = await serve({ getUserId: (req) => req.get('x-user') })
    countWebObjects()
    const answer = await post(
      base,
      { events: [{ eventType: 'click', itemId: 'sku-1', eventId: 'fast-1' }] },
      { 'x-user': 'u-1' },
    )
    expect(answer.status).toBe(202)
    expect(answer.body).toEqual({ accepted: ['fast-1'], rejected: [], dropped: [] })
    expect(String(answer.headers['set-cookie'])).toMatch(/^pk_sid=[0-9a-f]{32}; Path=\/; HttpOnly/)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(built).toEqual({ requests: 0, responses: 0 })
    globalThis.Request = OriginalRequest
    globalThis.Response = OriginalResponse
    await dispatcher.flush()
    expect(emulator.records({ eventId: 'fast-1' })[0]?.userId).toBe('u-1')
  })

  it('builds the Web Request once, only when transformEvent reads it', async () => {
    const { base, dispatcher } = await serve({
      transformEvent: (event, { request }) => ({
        ...event,
        properties: { lang: request.headers.get('accept-language') },
      }),
    })
    countWebObjects()
    const answer = await post(
      base,
      {
        events: [
          { eventType: 'a', eventId: 't-1' },
          { eventType: 'b', eventId: 't-2' },
        ],
      },
      { 'accept-language': 'de' },
    )
    expect(answer.status).toBe(202)
    expect(built.requests).toBe(1)
    expect(built.responses).toBe(0)
    globalThis.Request = OriginalRequest
    globalThis.Response = OriginalResponse
    await dispatcher.flush()
    expect(emulator.records({ eventId: 't-2' })[0]?.data.properties).toBe('{"lang":"de"}')
  })
})
