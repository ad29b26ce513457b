import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import { dispatcherOptionsFromEnv } from '../dispatcher-options-from-env'
import { PersonalizeConfigError, PersonalizeKitError, PersonalizeValidationError } from '../errors'
import type { Dispatcher, Logger } from '../types'
import { withClientAddress } from './client-address'
import { createCollector } from './create-collector'
import type { CollectorOptions } from './types'

const URL_ = 'https://shop.example/api/personalize/events'
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} }

let emulator: Emulator
const dispatchers: Dispatcher[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  emulator.faults.clear()
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  emulator.reset()
})
afterAll(async () => {
  await emulator.stop()
})

function realDispatcher(maxQueueSize = 10_000): Dispatcher {
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 20,
    requestTimeoutMs: 500,
    retry: { maxAttempts: 100, maxDelayMs: 200 },
    maxQueueSize,
    logger: quiet,
  })
  dispatchers.push(dispatcher)
  return dispatcher
}

function post(events: unknown[], headers: Record<string, string> = {}, address?: string) {
  const request = new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example', ...headers },
    body: JSON.stringify({ events }),
  })
  return withClientAddress(request, address)
}

const clicks = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({ eventType: 'click', itemId: `sku-${i}`, eventId: `${prefix}-${i}` }))

describe('the browser share of the dispatcher queue', () => {
  it('answers 503 with Retry-After beyond maxQueueShare while server records are still accepted', async () => {
    const dispatcher = realDispatcher(40)
    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
    const collect = createCollector({ dispatcher })

    const first = await collect(post(clicks(15, 'a')))
    expect(first.status).toBe(202)
    // 15 held, the share is 20: five more go in, the other five are refused as retryable.
    const second = await collect(post(clicks(10, 'b')))
    expect(second.status).toBe(202)
    const body = (await second.json()) as { accepted: string[]; rejected: { index: number }[] }
    expect(body.accepted).toHaveLength(5)
    expect(body.rejected.map((r) => r.index)).toEqual([5, 6, 7, 8, 9])
    expect(second.headers.get('retry-after')).toBe('5')

    const full = await collect(post(clicks(1, 'c')))
    expect(full.status).toBe(503)
    expect(full.headers.get('retry-after')).toBe('5')
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe('QUEUE_FULL')

    // The server's own records still have the other half of the queue.
    for (let i = 0; i < 20; i++) dispatcher.recordEvent({ sessionId: 'server', eventType: 'purchase' })
    expect(dispatcher.stats().queued + dispatcher.stats().inFlight).toBe(40)

    emulator.faults.clear()
    const report = await dispatcher.flush({ timeoutMs: 20_000 })
    expect(report.deadLettered).toBe(0)
    // Unique ids: on a loaded machine a slow call may time out and be sent again (stored as a duplicate).
    const unique = (eventType: string) => new Set(emulator.records({ eventType }).map((r) => r.eventId)).size
    expect(unique('purchase')).toBe(20)
    expect(unique('click')).toBe(20)
  })

  it('honours a configured share', async () => {
    const dispatcher = realDispatcher(40)
    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
    const collect = createCollector({ dispatcher, maxQueueShare: 0.25 })
    expect((await collect(post(clicks(10, 'a')))).status).toBe(202)
    expect((await collect(post(clicks(1, 'b')))).status).toBe(503)
  })
})

describe('the per-client-address rate limit', () => {
  it('limits cookie-less requests from one address; other addresses are unaffected', async () => {
    const dispatcher = realDispatcher()
    const collect = createCollector({
      dispatcher,
      rateLimitPerMinute: 10,
      rateLimitPerAddressPerMinute: 30,
      maxEventsPerRequest: 10,
    })
    const statuses: number[] = []
    // No cookie: every request mints a fresh session, which the per-session limit alone cannot stop.
    for (let i = 0; i < 5; i++)
      statuses.push((await collect(post(clicks(10, `x${i}`), {}, '192.0.2.7'))).status)
    expect(statuses).toEqual([202, 202, 202, 429, 429])
    const limited = await collect(post(clicks(1, 'y'), {}, '192.0.2.7'))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain(
      'per client address',
    )
    expect((await collect(post(clicks(10, 'z'), {}, '192.0.2.8'))).status).toBe(202)
  })

  it('defaults to ten sessions worth per address when rateLimitPerMinute is set', async () => {
    const collect = createCollector({ dispatcher: realDispatcher(), rateLimitPerMinute: 50 })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push((await collect(post(clicks(50, `d${i}`), {}, '192.0.2.9'))).status)
    expect(statuses.filter((s) => s === 202)).toHaveLength(10)
    expect(statuses[10]).toBe(429)
  })

  it('reads the address from getClientAddress when given, and takes no session tokens on refusal', async () => {
    const collect = createCollector({
      dispatcher: realDispatcher(),
      rateLimitPerMinute: 20,
      rateLimitPerAddressPerMinute: 20,
      maxEventsPerRequest: 20,
      getClientAddress: (request) => request.headers.get('x-test-client'),
    })
    const session = { cookie: `pk_sid=${'s'.repeat(32)}` }
    expect((await collect(post(clicks(20, 'a'), { ...session, 'x-test-client': 'one' }))).status).toBe(202)
    // The session is spent too now; a fresh session from the spent address is refused by the address limit.
    expect((await collect(post(clicks(1, 'b'), { 'x-test-client': 'one' }))).status).toBe(429)
    expect((await collect(post(clicks(1, 'c'), { 'x-test-client': 'two' }))).status).toBe(202)
  })
})

describe('Collector.admit', () => {
  it('charges the same session and address buckets and checks the queue share', async () => {
    const dispatcher = realDispatcher(40)
    const collect = createCollector({ dispatcher, rateLimitPerMinute: 3, maxEventsPerRequest: 3 })
    const sessionId = 'a'.repeat(32)
    expect(collect.admit({ sessionId }, 2)).toEqual({ ok: true })
    const refused = await collect(post(clicks(2, 'r'), { cookie: `pk_sid=${sessionId}` }))
    expect(refused.status).toBe(429)
    expect(collect.admit({ sessionId })).toEqual({ ok: true })
    expect(collect.admit({ sessionId })).toMatchObject({ ok: false, reason: 'session-rate-limit' })

    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
    for (let i = 0; i < 20; i++) dispatcher.recordEvent({ sessionId: 'server', eventType: 'purchase' })
    expect(collect.admit({ sessionId: 'b'.repeat(32) })).toMatchObject({ ok: false, reason: 'queue-share' })
  })
})

describe('collector options', () => {
  const bad: Array<[Partial<CollectorOptions>, RegExp]> = [
    [
      { rateLimitPerMinute: 20, maxEventsPerRequest: 30 },
      /rateLimitPerMinute \(20\).*maxEventsPerRequest \(30\)/,
    ],
    [{ rateLimitPerMinute: 20 }, /rateLimitPerMinute \(20\).*maxEventsPerRequest \(50\)/],
    [{ rateLimitPerAddressPerMinute: 10 }, /rateLimitPerAddressPerMinute \(10\).*maxEventsPerRequest \(50\)/],
    [{ rateLimitPerMinute: 0 }, /rateLimitPerMinute must be a number greater than 0.*got 0/],
    [{ rateLimitPerMinute: Number.NaN }, /rateLimitPerMinute must be .* got NaN/],
    [{ rateLimitPerMinute: -5 }, /rateLimitPerMinute must be .* got -5/],
    [{ rateLimitPerMinute: '600' as unknown as number }, /rateLimitPerMinute must be .* got 600/],
    [{ maxEventsPerRequest: 0 }, /maxEventsPerRequest must be an integer at least 1, got 0/],
    [{ maxEventsPerRequest: 2.5 }, /maxEventsPerRequest must be an integer/],
    [{ maxBodyBytes: Number.POSITIVE_INFINITY }, /maxBodyBytes must be an integer at least 1, got Infinity/],
    [{ maxBodyBytes: -1 }, /maxBodyBytes/],
    [{ rateLimitMaxSessions: 0 }, /rateLimitMaxSessions/],
    [{ clockSkewMs: -1 }, /clockSkewMs/],
    [{ bodyTimeoutMs: 0 }, /bodyTimeoutMs must be a number greater than 0/],
    [{ bodyTimeoutMs: Number.NaN }, /bodyTimeoutMs/],
    [{ maxQueueShare: 0 }, /maxQueueShare must be a number greater than 0 and at most 1, got 0/],
    [{ maxQueueShare: 1.5 }, /maxQueueShare/],
    [{ cookieMaxAgeSeconds: -1 }, /cookieMaxAgeSeconds/],
  ]
  it.each(bad)('refuses %o at creation with an error naming the option', (options, message) => {
    const dispatcher = realDispatcher()
    let thrown: unknown
    try {
      createCollector({ dispatcher, ...options })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(PersonalizeKitError)
    // Limits that contradict each other are a configuration error; a value out of range, like the dispatcher's.
    const conflict = /smaller than maxEventsPerRequest/.test((thrown as Error).message)
    if (conflict) expect((thrown as PersonalizeConfigError).code).toBe('PERSONALIZE_CONFIG')
    else {
      expect(thrown).toBeInstanceOf(PersonalizeValidationError)
      expect((thrown as PersonalizeValidationError).issues[0]?.path).toBe(Object.keys(options)[0])
    }
    expect((thrown as Error).message).toMatch(message)
  })

  it('tells contradicting limits apart from values out of range', () => {
    const dispatcher = realDispatcher()
    expect(() => createCollector({ dispatcher, rateLimitPerMinute: 20 })).toThrow(PersonalizeConfigError)
    expect(() => createCollector({ dispatcher, rateLimitPerMinute: 0 })).toThrow(PersonalizeValidationError)
  })

  it('accepts Infinity where it means off or no deadline, and never answers Retry-After: NaN', async () => {
    const collect = createCollector({
      dispatcher: realDispatcher(),
      rateLimitPerMinute: 60,
      rateLimitPerAddressPerMinute: Number.POSITIVE_INFINITY,
      bodyTimeoutMs: Number.POSITIVE_INFINITY,
      maxEventsPerRequest: 60,
    })
    const headers = { cookie: `pk_sid=${'n'.repeat(32)}` }
    expect((await collect(post(clicks(60, 'a'), headers, '192.0.2.1'))).status).toBe(202)
    const limited = await collect(post(clicks(60, 'b'), headers, '192.0.2.1'))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
  })
})
