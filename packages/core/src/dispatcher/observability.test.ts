import { type Attributes, metrics } from '@opentelemetry/api'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import { afterEach, describe, expect, it } from 'vitest'
import { balanced, type Harness, silentLogger, startHarness } from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  metrics.disable()
  await h.stop()
})

/** The real OpenTelemetry metrics SDK with its in-memory exporter, read on demand. */
function sdkMetrics() {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
  const provider = new MeterProvider({ readers: [reader] })
  providers.push(provider)
  /** The latest export of one instrument: its descriptor and data points. */
  async function read(name: string) {
    exporter.reset()
    await reader.forceFlush()
    const all = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    return all.filter((m) => m.descriptor.name === name).at(-1)
  }
  async function sum(name: string, match: Attributes = {}) {
    const metric = await read(name)
    return (metric?.dataPoints ?? [])
      .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
      .reduce((total, p) => total + (p.value as number), 0)
  }
  return { provider, read, sum }
}

const providers: MeterProvider[] = []
afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.shutdown()
})

describe('OpenTelemetry metrics (the real SDK and its in-memory exporter)', () => {
  it('counts records by operation and reason, times calls in seconds with error.type, names the dispatcher', async () => {
    h = await startHarness({ faults: [{ kind: 'throttle', count: 1, operation: 'PutEvents' }] })
    const m = sdkMetrics()
    const d = h.create({
      name: 'orders',
      meterProvider: m.provider,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    })
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    d.putItem({ itemId: 'i', datasetArn: 'arn:aws:personalize:us-east-1:1:dataset/x/ITEMS' })
    h.emulator.faults.add({ kind: 'error500', operation: 'PutItems' })
    await d.flush()

    const events = { 'dispatcher.name': 'orders', 'personalize_kit.operation': 'PutEvents' }
    const items = { 'dispatcher.name': 'orders', 'personalize_kit.operation': 'PutItems' }
    expect(await m.sum('personalize_kit.records.accepted', events)).toBe(3)
    expect(await m.sum('personalize_kit.records.accepted', items)).toBe(1)
    expect(await m.sum('personalize_kit.records.delivered', events)).toBe(3)
    expect(await m.sum('personalize_kit.records.retried', events)).toBe(3)
    expect(
      await m.sum('personalize_kit.records.dead_lettered', {
        ...items,
        'personalize_kit.dead_letter.reason': 'retries-exhausted',
      }),
    ).toBe(1)

    const duration = await m.read('personalize_kit.call.duration')
    expect(duration?.descriptor.unit).toBe('s')
    const points = duration?.dataPoints ?? []
    const byError = points.map((p) => [p.attributes['personalize_kit.operation'], p.attributes['error.type']])
    expect(byError).toEqual(
      expect.arrayContaining([
        ['PutEvents', undefined],
        ['PutEvents', 'ThrottlingException'],
        ['PutItems', 'InternalFailure'],
      ]),
    )
    for (const point of points) {
      const value = point.value as { sum: number; count: number; buckets: { boundaries: number[] } }
      expect(value.buckets.boundaries).toEqual([
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
      ])
      // Seconds: a local round trip is far below one second (in milliseconds it would be above 1).
      expect(value.sum / value.count).toBeLessThan(1)
    }
    const sizes = (await m.read('personalize_kit.batch.size'))?.dataPoints ?? []
    expect(sizes.map((p) => (p.value as { sum: number }).sum).sort()).toEqual([2, 6])

    d.recordEvent({ sessionId: 's2', eventType: 'view' })
    expect(await m.sum('personalize_kit.records.accepted', events)).toBe(4)
    const held = (await m.read('personalize_kit.records.held'))?.dataPoints ?? []
    expect(held.map((p) => [p.attributes['personalize_kit.record.state'], p.value])).toEqual([
      ['queued', 1],
      ['in_flight', 0],
    ])
  })

  it('tells two dispatchers of one process apart by dispatcher.name', async () => {
    h = await startHarness()
    const m = sdkMetrics()
    const a = h.create({ name: 'a', meterProvider: m.provider })
    const b = h.create({ name: 'b', meterProvider: m.provider })
    a.recordEvent({ sessionId: 's', eventType: 'view' })
    for (let i = 0; i < 2; i++) b.recordEvent({ sessionId: 's', eventType: 'view' })
    await Promise.all([a.flush(), b.flush()])
    expect(await m.sum('personalize_kit.records.delivered', { 'dispatcher.name': 'a' })).toBe(1)
    expect(await m.sum('personalize_kit.records.delivered', { 'dispatcher.name': 'b' })).toBe(2)
  })

  it('uses the global meter provider when none is given, and works with none registered', async () => {
    h = await startHarness()
    const noSdk = h.create()
    noSdk.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await noSdk.flush()).toMatchObject({ delivered: 1 })

    const m = sdkMetrics()
    metrics.setGlobalMeterProvider(m.provider)
    const d = h.create()
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    await d.flush()
    expect(await m.sum('personalize_kit.records.delivered', { 'dispatcher.name': 'default' })).toBe(1)
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
