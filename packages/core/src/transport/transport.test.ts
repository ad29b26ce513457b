import { afterEach, describe, expect, it } from 'vitest'
import {
  ACTIONS_ARN,
  balanced,
  type Harness,
  ITEMS_ARN,
  silentLogger,
  startHarness,
  USERS_ARN,
} from '../dispatcher/harness.test.helpers'
import { PersonalizeConfigError } from '../errors'
import { sdkTransport } from './sdk-transport'
import type { Transport, TransportCall } from './transport'

let h: Harness
afterEach(async () => {
  await h.stop()
})

/** A transport that forwards to the real SDK client (over HTTP to the emulator) and records what it was given. */
function recording(inner: Transport) {
  const seen: TransportCall[] = []
  let closed = 0
  const transport: Transport = {
    send(call, options) {
      seen.push(structuredClone(call))
      return inner.send(call, options)
    },
    close() {
      closed++
    },
  }
  return { transport, seen, closed: () => closed }
}

const ATTRS = { trackingId: undefined, clientConfig: undefined }

describe('a custom transport', () => {
  it('receives exactly the calls the emulator then stores, one SDK command input per call', async () => {
    h = await startHarness()
    const { transport, seen, closed } = recording(sdkTransport(h.client()))
    const d = h.create({ ...ATTRS, trackingId: 'tid', transport })
    for (let i = 0; i < 12; i++)
      d.recordEvent({ sessionId: 'a', userId: 'u', eventType: 'view', itemId: `i${i}` })
    d.recordEvent({ sessionId: 'b', eventType: 'click' })
    d.putItem({ itemId: 'sku-1', properties: { genre: 'x' } })
    d.putUser({ userId: 'u-1' })
    d.putAction({ actionId: 'a-1' })
    d.recordActionInteraction({ actionId: 'a-1', sessionId: 's', eventType: 'Taken' })
    expect(await d.close()).toMatchObject({ delivered: 17, deadLettered: 0 })

    const requests = h.calls()
    expect(seen.map((call) => call.operation).sort()).toEqual(requests.map((r) => r.operation).sort())
    expect(seen).toHaveLength(7)
    const events = seen.filter((call) => call.operation === 'PutEvents')
    // a's last two wait for its first batch (one call per group in flight); b is not held behind it.
    expect(
      events.map((call) => [call.input.sessionId, call.input.userId, call.input.eventList?.length]),
    ).toEqual([
      ['a', 'u', 10],
      ['b', undefined, 1],
      ['a', 'u', 2],
    ])
    const stored = h.emulator.records()
    const eventIds = events.flatMap((call) => call.input.eventList?.map((event) => event.eventId) ?? [])
    expect(
      stored
        .filter((r) => r.operation === 'PutEvents')
        .map((r) => r.eventId)
        .sort(),
    ).toEqual(eventIds.sort())
    expect(seen.find((call) => call.operation === 'PutItems')?.input).toEqual({
      datasetArn: ITEMS_ARN,
      items: [{ itemId: 'sku-1', properties: '{"genre":"x"}' }],
    })
    expect(seen.find((call) => call.operation === 'PutUsers')?.input).toMatchObject({ datasetArn: USERS_ARN })
    expect(seen.find((call) => call.operation === 'PutActions')?.input).toMatchObject({
      datasetArn: ACTIONS_ARN,
    })
    expect(seen.find((call) => call.operation === 'PutActionInteractions')?.input).toMatchObject({
      trackingId: 'tid-actions',
    })
    expect(closed()).toBe(1)
  })

  it('gets the service errors classified: retried when transient, bisected when invalid', async () => {
    h = await startHarness({ faults: [{ kind: 'error503', count: 2 }] })
    const { transport, seen } = recording(sdkTransport(h.client()))
    const d = h.create({ ...ATTRS, trackingId: 'tid', transport })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 1, deadLettered: 0 })
    expect(seen).toHaveLength(3)
    expect(d.stats()).toMatchObject({ calls: 3, retried: 2 })
  })

  it('is bounded by requestTimeoutMs and close()’s deadline even if it never settles, with its signal aborted', async () => {
    h = await startHarness()
    const signals: AbortSignal[] = []
    const hanging: Transport = {
      send(_call, { signal }) {
        if (signal !== undefined) signals.push(signal)
        return new Promise(() => {})
      },
    }
    const d = h.create({ ...ATTRS, trackingId: 'tid', transport: hanging, requestTimeoutMs: 50 })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    const report = await d.close({ timeoutMs: 400 })
    expect(report).toMatchObject({
      delivered: 0,
      deadLettered: 1,
      deadLetteredByReason: { 'shutdown-timeout': 1 },
    })
    expect(signals.length).toBeGreaterThan(1) // timed out and retried at least once
    expect(signals.every((signal) => signal.aborted)).toBe(true)
    expect(balanced(d)).toBe(true)
  })

  it('that throws synchronously fails only that call, which is retried', async () => {
    h = await startHarness()
    const sdk = sdkTransport(h.client())
    let calls = 0
    const flaky: Transport = {
      send(call, options) {
        if (calls++ === 0) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
        return sdk.send(call, options)
      },
    }
    const d = h.create({ ...ATTRS, trackingId: 'tid', transport: flaky })
    d.recordEvent({ sessionId: 'a', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 1 })
    expect(h.emulator.records()).toHaveLength(1)
  })

  it('with sharedRateLimit is not held to the dispatcher’s own rateLimits', async () => {
    h = await startHarness()
    const started: TransportCall[] = []
    const release: (() => void)[] = []
    const gated = (sharedRateLimit: boolean): Transport => ({
      sharedRateLimit,
      send(call) {
        started.push(call)
        return new Promise((resolve) => release.push(resolve))
      },
    })
    const datasets = [1, 2, 3].map((n) => `arn:aws:personalize:us-east-1:123456789012:dataset/d${n}/ITEMS`)
    const shared = h.create({ ...ATTRS, transport: gated(true), rateLimits: { items: 1 } })
    for (const datasetArn of datasets) shared.putItem({ itemId: 'x', datasetArn })
    const flushed = shared.flush()
    // Three PutItems calls at a rate of 1/s: only a downstream limiter may let all three start at once.
    await expect.poll(() => started.length).toBe(3)
    for (const resolve of release.splice(0)) resolve()
    expect(await flushed).toMatchObject({ delivered: 3 })
  })

  it('excludes client and clientConfig, with an error that names both options', async () => {
    h = await startHarness()
    const transport = sdkTransport(h.client())
    expect(() => h.create({ transport, clientConfig: { region: 'us-east-1' } })).toThrow(
      PersonalizeConfigError,
    )
    expect(() => h.create({ transport, clientConfig: undefined, client: h.client() })).toThrow(
      /either transport or client/,
    )
    expect(() => h.create({ transport: {} as Transport, clientConfig: undefined })).toThrow(
      /send\(call, options\)/,
    )
  })
})

describe('the dispatcher exposes what adapters share', () => {
  it('its resolved maxQueueSize and its logger', async () => {
    h = await startHarness()
    const logger = silentLogger()
    const d = h.create({ maxQueueSize: 123, logger })
    expect(d.maxQueueSize).toBe(123)
    d.logger.info({ x: 1 }, 'hello')
    expect(logger.lines).toContainEqual({ level: 'info', obj: { x: 1 }, msg: 'hello' })
  })
})
