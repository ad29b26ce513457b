import { Agent, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express from 'express'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { personalize } from './personalize'

const PATH = '/api/personalize/events'
const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const agent = new Agent({ keepAlive: true, maxSockets: 4 })

let emulator: Emulator
let dispatcher: Dispatcher
let server: Server
let base: string

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
  dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 50,
    logger: quiet,
  })
  const app = express()
  app.use(express.json({ limit: '1mb' }))
  app.use(personalize({ dispatcher, maxBodyBytes: 4096 }))
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  agent.destroy()
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await dispatcher.close({ timeoutMs: 2000 })
  await emulator.stop()
})

/** The answer without what differs per call: generated event ids (only their count is compared). */
function send(text: string, contentType: string): Promise<unknown> {
  const body = Buffer.from(text, 'utf8')
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${PATH}`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': contentType,
        'content-length': body.length,
        origin: base,
        cookie: 'pk_sid=paritysession0123456789',
      },
    })
    req.once('error', reject)
    req.once('response', (res) => {
      let data = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        data += chunk
      })
      res.once('end', () => {
        const parsed = JSON.parse(data) as { accepted?: string[] }
        resolve({ status: res.statusCode, ...parsed, accepted: parsed.accepted?.length })
      })
    })
    req.end(body)
  })
}

/** Collector bodies as JSON text, with number tokens JSON.stringify never writes (1e400, -0). */
const bodyText = (() => {
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.constantFrom('1e400', '-1e400', '-0', '1E-400'),
  )
  const value = fc.oneof(number, fc.json({ maxDepth: 2 }))
  const field = fc.tuple(
    fc.constantFrom(
      'eventType',
      'itemId',
      'eventValue',
      'properties',
      'impression',
      'sentAt',
      'eventId',
      'other',
    ),
    fc.oneof(value, fc.constant('"click"')),
  )
  const event = fc
    .array(field, { maxLength: 4 })
    .map((pairs) => `{"eventType":"click"${pairs.map(([k, v]) => `,${JSON.stringify(k)}:${v}`).join('')}}`)
  return fc
    .array(fc.oneof(event, value), { minLength: 1, maxLength: 3 })
    .map((list) => `{ "events" : [ ${list.join(' , ')} ] }`)
})()

it('judges a body parsed by express.json() exactly as the raw text/plain body (fuzz over real HTTP)', async () => {
  await fc.assert(
    fc.asyncProperty(bodyText, async (text) => {
      expect(await send(text, 'application/json')).toEqual(await send(text, 'text/plain'))
    }),
    { numRuns: 80 },
  )
})
