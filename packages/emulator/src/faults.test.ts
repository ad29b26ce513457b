import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFaultEngine } from './fault-engine'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

let emulator: Emulator
let client: PersonalizeEventsClient

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: 7 })
  client = new PersonalizeEventsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
})
afterAll(async () => {
  client.destroy()
  await emulator.stop()
})
beforeEach(() => emulator.reset())

const put = () =>
  client.send(
    new PutEventsCommand({
      trackingId: 't',
      sessionId: 's',
      eventList: [{ eventType: 'a', sentAt: new Date() }],
    }),
  )
const failure = () =>
  put().then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string },
  )

describe('fault kinds through the real SDK', () => {
  it('throttle → ThrottlingException (400), which the SDK classifies as throttling', async () => {
    emulator.faults.add({ kind: 'throttle', count: 1 })
    const e = await failure()
    expect(e?.name).toBe('ThrottlingException')
    expect(e?.$metadata?.httpStatusCode).toBe(400)
  })

  it('error500 → InternalFailure with a server fault', async () => {
    emulator.faults.add({ kind: 'error500', count: 1 })
    const e = await failure()
    expect(e?.name).toBe('InternalFailure')
    expect(e?.$metadata?.httpStatusCode).toBe(500)
    expect(e?.$fault).toBe('server')
  })

  it('error503 → ServiceUnavailable', async () => {
    emulator.faults.add({ kind: 'error503', count: 1 })
    const e = await failure()
    expect(e?.name).toBe('ServiceUnavailable')
    expect(e?.$metadata?.httpStatusCode).toBe(503)
  })

  it('malformed → a 502 HTML body the SDK cannot deserialise', async () => {
    emulator.faults.add({ kind: 'malformed', count: 1 })
    const e = await failure()
    expect(e).toBeInstanceOf(Error)
    expect(e?.$metadata?.httpStatusCode).toBe(502)
  })

  it('reset → the connection is destroyed and nothing is stored', async () => {
    emulator.faults.add({ kind: 'reset', count: 1 })
    const e = await failure()
    expect(e).toBeInstanceOf(Error)
    expect(e?.$metadata?.httpStatusCode).toBeUndefined()
    expect(emulator.records()).toEqual([])
    expect(emulator.requests()[0]).toMatchObject({ fault: 'reset', outcome: 'fault' })
  })

  it('hang → the call never gets an answer (the client times out)', async () => {
    emulator.faults.add({ kind: 'hang', count: 1 })
    const command = new PutEventsCommand({
      trackingId: 't',
      sessionId: 's',
      eventList: [{ eventType: 'a', sentAt: new Date() }],
    })
    const controller = new AbortController()
    const call = client.send(command, { abortSignal: controller.signal }).catch((x: Error) => x)
    // Give up only once the emulator has logged the hung call, so a slow machine cannot abort it earlier.
    await vi.waitFor(() => expect(emulator.requests()[0]).toMatchObject({ fault: 'hang', status: 0 }), {
      timeout: 10_000,
    })
    controller.abort()
    expect(((await call) as Error).name).toBe('AbortError')
    expect(emulator.records()).toEqual([])
  })

  it('latency → the call is delayed, then served and stored', async () => {
    emulator.faults.add({ kind: 'latency', latencyMs: 30, count: 1 })
    await put()
    expect(emulator.records()).toHaveLength(1)
    expect(emulator.requests()[0]).toMatchObject({ fault: 'latency', status: 200 })
  })

  it('count: N fails exactly the next N matching calls; operation narrows the match', async () => {
    emulator.faults.add({ kind: 'error503', count: 2, operation: 'PutEvents' })
    const arn = 'arn:aws:personalize:us-east-1:1:dataset/x/ITEMS'
    await client.send(new PutItemsCommand({ datasetArn: arn, items: [{ itemId: 'i' }] }))
    expect(await failure()).toBeDefined()
    expect(await failure()).toBeDefined()
    await put()
    expect(emulator.records().map((r) => r.operation)).toEqual(['PutItems', 'PutEvents'])
    expect(emulator.faults.list()[0]).toMatchObject({ hits: 2, remaining: 0 })
  })
})

describe('probabilistic faults', () => {
  async function outcomes(seed: number): Promise<number[]> {
    const e = await startEmulator({ port: 0, seed, faults: [{ kind: 'error503', probability: 0.5 }] })
    const statuses: number[] = []
    for (let i = 0; i < 24; i++) {
      const res = await fetch(`${e.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ trackingId: 't', sessionId: 's', eventList: [{ eventType: 'a', sentAt: 1 }] }),
      })
      statuses.push(res.status)
    }
    await e.stop()
    return statuses
  }

  it('repeat exactly for the same seed', async () => {
    const a = await outcomes(42)
    const b = await outcomes(42)
    expect(a).toEqual(b)
    expect(a).toContain(200)
    expect(a).toContain(503)
  })

  it('probability 0 never fires and 1 always fires', () => {
    const engine = createFaultEngine(1, [
      { kind: 'throttle', probability: 0 },
      { kind: 'error500', probability: 1, operation: 'PutUsers' },
    ])
    for (let i = 0; i < 50; i++) {
      expect(engine.decide('PutEvents').fault).toBeUndefined()
      expect(engine.decide('PutUsers').fault?.kind).toBe('error500')
    }
  })

  it('the first terminal rule wins while latency rules add up', () => {
    const engine = createFaultEngine(1, [
      { kind: 'latency', latencyMs: 10 },
      { kind: 'throttle' },
      { kind: 'error500' },
      { kind: 'latency', latencyMs: 5 },
    ])
    const d = engine.decide('PutEvents')
    expect(d).toMatchObject({ latencyMs: 15, fault: { kind: 'throttle' } })
    expect(engine.list().map((r) => r.hits)).toEqual([1, 1, 0, 1])
  })

  it('rejects invalid rules with a message naming the field', () => {
    const engine = createFaultEngine(1, [])
    expect(() => engine.add({ kind: 'boom' as never })).toThrow(/kind must be one of throttle/)
    expect(() => engine.add({ kind: 'throttle', probability: 2 })).toThrow(
      /probability must be a number between 0 and 1/,
    )
    expect(() => engine.add({ kind: 'throttle', operation: 'GetCampaigns' as never })).toThrow(
      /operation must be/,
    )
    // The runtime operations take faults too (a recommendations client's timeout is tested with them).
    expect(engine.add({ kind: 'latency', operation: 'GetRecommendations', latencyMs: 5 }).id).toBeTruthy()
  })

  it('stop() ends hung calls instead of waiting for them', async () => {
    const e = await startEmulator({ port: 0, faults: [{ kind: 'hang' }] })
    const call = fetch(`${e.url}/events`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    })
    await vi.waitFor(() => expect(e.requests()).toHaveLength(1), { timeout: 10_000 })
    await e.stop()
    await expect(call).rejects.toThrow()
  })

  it('reset() restores the startup rules with fresh counters and drops runtime ones', async () => {
    const e = await startEmulator({ port: 0, faults: [{ kind: 'throttle', count: 1 }] })
    e.faults.add({ kind: 'error500' })
    e.reset()
    expect(e.faults.list()).toMatchObject([{ kind: 'throttle', remaining: 1, hits: 0 }])
    await e.stop()
  })
})
