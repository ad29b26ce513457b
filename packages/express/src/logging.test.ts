import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createDispatcher,
  type Dispatcher,
  dispatcherOptionsFromEnv,
  PersonalizeValidationError,
} from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express from 'express'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

const PATH = '/api/personalize/events'

interface PinoLine {
  level: number
  msg: string
  err?: { message: string }
  [key: string]: unknown
}

/** A real pino logger writing JSON lines into memory. */
function pinoCapture() {
  const lines: PinoLine[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
  return { lines, logger }
}

let emulator: Emulator
/** Resolved when a /slow request is being handled. */
let slowArrived = deferred()

function deferred() {
  let resolve = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}
const servers: Server[] = []
const dispatchers: Dispatcher[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    if (server.listening) await new Promise((resolve) => server.close(resolve))
  }
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})
afterAll(async () => {
  await emulator.stop()
})

function dispatcherWith(logger?: ReturnType<typeof pinoCapture>['logger'], flushIntervalMs = 20) {
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs,
    ...(logger && { logger }),
  })
  dispatchers.push(dispatcher)
  return dispatcher
}

async function serve(dispatcher: Dispatcher, options: Partial<PersonalizeOptions> = {}) {
  const app = express()
  app.use(express.json())
  const pk = personalize({
    dispatcher,
    transformEvent: (event) => {
      if (event.eventType === 'boom') throw new Error('transform exploded')
      return event
    },
    autoTrack: [
      {
        path: '/products/:id',
        eventType: 'view',
        itemId: (req) => {
          if (req.params.id === 'bad') throw new Error('itemId exploded')
          return req.params.id
        },
      },
    ],
    ...options,
  })
  app.use(pk)
  app.get('/products/:id', (_req, res) => void res.send('ok'))
  app.post('/slow', async (req, res) => {
    slowArrived.resolve()
    await new Promise((resolve) => setTimeout(resolve, 1500))
    req.personalize.recordEvent({ eventType: 'purchase', eventId: `slow-${String(req.query.n)}` })
    res.sendStatus(204)
  })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  servers.push(server)
  return { pk, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

async function exercise(base: string) {
  const response = await fetch(`${base}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ events: [{ eventType: 'boom' }, { eventType: 'click' }] }),
  })
  expect(response.status).toBe(202)
  expect((await fetch(`${base}/products/bad`)).status).toBe(200)
}

describe('logging', () => {
  it("goes to the dispatcher's pino logger by default, never to console", async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m))
    const { lines, logger } = pinoCapture()
    const { base } = await serve(dispatcherWith(logger))
    await exercise(base)
    const transform = lines.find((l) => l.msg.includes('transformEvent threw for event 0'))
    expect(transform).toMatchObject({
      level: 50,
      msg: '[@personalize-kit/core] transformEvent threw for event 0',
    })
    expect(transform?.err?.message).toBe('transform exploded')
    const autoTrack = lines.find((l) => l.msg.includes('autoTrack view for /products/bad not recorded'))
    expect(autoTrack?.level).toBe(40)
    expect(autoTrack?.msg.startsWith('[@personalize-kit/express] ')).toBe(true)
    expect(autoTrack?.err?.message).toBe('itemId exploded')
    for (const spy of consoleCalls) expect(spy).not.toHaveBeenCalled()
  })

  it('goes to options.logger when given', async () => {
    const dispatcherLog = pinoCapture()
    const own = pinoCapture()
    const { base } = await serve(dispatcherWith(dispatcherLog.logger), { logger: own.logger })
    await exercise(base)
    expect(own.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        '[@personalize-kit/core] transformEvent threw for event 0',
        '[@personalize-kit/express] autoTrack view for /products/bad not recorded',
      ]),
    )
    expect(dispatcherLog.lines.filter((l) => l.msg.includes('transformEvent'))).toEqual([])
  })

  it('logs the shutdown lines through the logger', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never)
    const { lines, logger } = pinoCapture()
    const { pk, server } = await serve(dispatcherWith(logger, 60_000))
    const undo = pk.handleShutdown(server, { signals: ['SIGUSR2'], exit: false })
    process.emit('SIGUSR2', 'SIGUSR2')
    await vi.waitFor(() => expect(lines.some((l) => l.msg.includes('flushed:'))).toBe(true), {
      timeout: 15_000,
    })
    expect(lines.find((l) => l.msg.includes('SIGUSR2: closing the server'))).toMatchObject({
      level: 30,
      signal: 'SIGUSR2',
    })
    expect(exit).not.toHaveBeenCalled()
    undo()
  })
})

describe('handleShutdown timeoutMs', () => {
  it.each([
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2^33 ms (beyond the timer range)', 2 ** 33],
  ])('%s waits for in-flight requests instead of cutting them after 1 ms', async (_name, timeoutMs) => {
    const { lines, logger } = pinoCapture()
    const { pk, server, base } = await serve(dispatcherWith(logger, 60_000))
    const undo = pk.handleShutdown(server, { signals: ['SIGUSR2'], exit: false, timeoutMs })
    slowArrived = deferred()
    const inFlight = fetch(`${base}/slow?n=${timeoutMs}`, { method: 'POST' })
    // Wait until the request is being handled, then signal.
    await slowArrived.promise
    process.emit('SIGUSR2', 'SIGUSR2')
    expect((await inFlight).status).toBe(204)
    await vi.waitFor(() => expect(lines.some((l) => l.msg.includes('flushed:'))).toBe(true), {
      timeout: 15_000,
    })
    expect(emulator.records({ eventId: `slow-${timeoutMs}` })).toHaveLength(1)
    undo()
  })

  it.each([
    [Number.NaN, 'NaN'],
    [-1, '-1'],
    ['5000', "the string '5000'"],
  ])('refuses %s at the call with an error naming timeoutMs', async (timeoutMs, shown) => {
    const { pk, server } = await serve(dispatcherWith())
    const call = () => pk.handleShutdown(server, { signals: [], timeoutMs: timeoutMs as number })
    expect(call).toThrow(PersonalizeValidationError)
    expect(call).toThrow(
      `handleShutdown() timeoutMs must be a number of milliseconds ≥ 0 (Infinity for no deadline), got ${shown}`,
    )
  })
})
