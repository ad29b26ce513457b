import { type Attributes, type MeterProvider, metrics } from '@opentelemetry/api'
import { afterEach, describe, expect, it } from 'vitest'
import { balanced, type Harness, silentLogger, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  metrics.disable()
  await h.stop()
})

/** A minimal in-memory OpenTelemetry meter provider: enough to see what the dispatcher records. */
function memoryMeterProvider() {
  const points: { name: string; value: number; attributes: Attributes }[] = []
  const observers: (() => void)[] = []
  const instrument = (name: string) => ({
    add: (value: number, attributes: Attributes = {}) => points.push({ name, value, attributes }),
    record: (value: number, attributes: Attributes = {}) => points.push({ name, value, attributes }),
  })
  const meter = {
    createCounter: instrument,
    createHistogram: instrument,
    createUpDownCounter: instrument,
    createObservableCounter: (name: string) => observable(name),
    createObservableUpDownCounter: (name: string) => observable(name),
  }
  function observable(name: string) {
    return {
      addCallback: (callback: (result: { observe: (v: number, a: Attributes) => void }) => void) =>
        observers.push(() =>
          callback({ observe: (value, attributes) => points.push({ name, value, attributes }) }),
        ),
    }
  }
  const provider = { getMeter: () => meter } as unknown as MeterProvider
  const sum = (name: string, match: Attributes = {}) =>
    points
      .filter((p) => p.name === name && Object.entries(match).every(([k, v]) => p.attributes[k] === v))
      .reduce((total, p) => total + p.value, 0)
  const collect = () => {
    for (const observe of observers) observe()
  }
  return { provider, points, sum, collect }
}

describe('OpenTelemetry metrics', () => {
  it('counts records accepted, delivered, retried and dead-lettered by operation and reason, and times calls', async () => {
    h = await startHarness({ faults: [{ kind: 'throttle', count: 1, operation: 'PutEvents' }] })
    const m = memoryMeterProvider()
    const d = h.create({
      meterProvider: m.provider,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    })
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    d.putItem({ itemId: 'i', datasetArn: 'arn:aws:personalize:us-east-1:1:dataset/x/ITEMS' })
    h.emulator.faults.add({ kind: 'error500', operation: 'PutItems' })
    await d.flush()

    m.collect()
    expect(m.sum('personalize_kit.records.accepted', { operation: 'PutEvents' })).toBe(3)
    expect(m.sum('personalize_kit.records.accepted', { operation: 'PutItems' })).toBe(1)
    expect(m.sum('personalize_kit.records.delivered', { operation: 'PutEvents' })).toBe(3)
    expect(m.sum('personalize_kit.records.retried', { operation: 'PutEvents' })).toBe(3)
    expect(
      m.sum('personalize_kit.records.dead_lettered', { operation: 'PutItems', reason: 'retries-exhausted' }),
    ).toBe(1)
    const sizes = m.points.filter((p) => p.name === 'personalize_kit.batch.size').map((p) => p.value)
    expect(sizes.sort()).toEqual([1, 1, 3, 3])
    const durations = m.points.filter((p) => p.name === 'personalize_kit.call.duration')
    expect(durations.map((p) => p.attributes.outcome).sort()).toEqual(['error', 'error', 'error', 'success'])
    expect(durations.every((p) => p.value >= 0)).toBe(true)

    d.recordEvent({ sessionId: 's2', eventType: 'view' })
    m.points.length = 0
    m.collect()
    expect(m.sum('personalize_kit.records.accepted', { operation: 'PutEvents' })).toBe(4)
    expect(
      m.points
        .filter((p) => p.name === 'personalize_kit.records.held')
        .map((p) => [p.attributes.state, p.value]),
    ).toEqual([
      ['queued', 1],
      ['in_flight', 0],
    ])
  })

  it('uses the global meter provider when none is given, and works with none registered', async () => {
    h = await startHarness()
    const noSdk = h.create()
    noSdk.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await noSdk.flush()).toMatchObject({ delivered: 1 })

    const m = memoryMeterProvider()
    metrics.setGlobalMeterProvider(m.provider)
    const d = h.create()
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    await d.flush()
    expect(m.sum('personalize_kit.records.delivered')).toBe(1)
  })
})

describe('logger and accounting', () => {
  it('logs through a pino-style logger with the package prefix', async () => {
    h = await startHarness({ faults: [{ kind: 'error500', count: 1 }] })
    const logger = silentLogger()
    const d = h.create({ logger })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    await d.flush()
    const retry = logger.lines.find((l) => l.level === 'debug')
    expect(retry?.msg).toBe('[@personalize-kit/core] call failed, retrying')
    expect(retry?.obj).toMatchObject({ operation: 'PutEvents', records: 1, attempt: 1 })
  })

  it('survives a logger that throws: records are still delivered or dead-lettered', async () => {
    h = await startHarness({ faults: [{ kind: 'error500', count: 1 }] })
    const explode = () => {
      throw new Error('logger down')
    }
    const d = h.create({
      logger: { debug: explode, info: explode, warn: explode, error: explode },
      maxQueueSize: 2,
      overflow: 'drop-oldest',
    })
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 2, deadLettered: 0 })
    expect(d.stats()).toMatchObject({ accepted: 3, delivered: 2, deadLettered: 1, retried: 2 })
  })

  it('warns when a supplied client would retry by itself', async () => {
    h = await startHarness()
    const logger = silentLogger()
    h.create({ logger, client: h.client({ maxAttempts: 3 }) })
    h.create({ logger, client: h.client() })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringMatching(/^\[@personalize-kit\/core\] the client .* retries by itself \(maxAttempts 3\)/),
    ])
  })

  it('keeps accepted = delivered + deadLettered + queued + inFlight at every moment', async () => {
    h = await startHarness({
      seed: 3,
      faults: [
        { kind: 'throttle', probability: 0.15 },
        { kind: 'reset', probability: 0.15 },
      ],
    })
    const d = h.create({
      maxQueueSize: 60,
      overflow: 'drop-oldest',
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 3 },
    })
    const violations: string[] = []
    const check = (where: string) => {
      if (!balanced(d)) violations.push(`${where}: ${JSON.stringify(d.stats())}`)
    }
    const timer = setInterval(() => check('interval'), 1)
    for (let i = 0; i < 300; i++) {
      d.recordEvent({ sessionId: `s${i % 11}`, eventType: 'view' })
      check('after record')
      if (i % 25 === 0) await new Promise((resolve) => setTimeout(resolve, 3))
    }
    await d.flush()
    clearInterval(timer)
    check('end')
    expect(violations).toEqual([])
    const s = d.stats()
    expect(s.accepted).toBe(300)
    expect(s.delivered + s.deadLettered).toBe(300)
    expect(s.deadLettered).toBe(h.deadLetters.reduce((n, l) => n + l.records.length, 0))
  })
})
