import { createDispatcher, type Dispatcher } from '@personalize-kit/core'
import { startEmulator } from '@personalize-kit/emulator'
import { createRelay, redisTransport, tierStatus } from '@personalize-kit/redis'
import { hasRedisServer, startRedisServer } from '@personalize-kit/test-utils/redis-server'
import { startService } from '../lib/emulator-host'
import { formatNumber, formatRatio } from '../lib/format'
import { quantileSorted, ratio } from '../lib/stats'
import type { Bench, BenchContext, Figure } from '../types'
import { startRelayProcess, worstSecond } from './redis-tier-helpers'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

function recordBurst(dispatcher: Dispatcher, events: number, sessions: number, prefix: string): string[] {
  const ids: string[] = []
  for (let i = 0; i < events; i++)
    ids.push(
      dispatcher.recordEvent({
        sessionId: `${prefix}-${i % sessions}`,
        eventType: 'click',
        itemId: `item-${i % 100}`,
      }).eventId,
    )
  return ids
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Records/s one process hands to Redis (durable at flush) vs what recordEvent accepts in process. */
async function producerFigure(ctx: BenchContext, url: string): Promise<Figure> {
  const events = ctx.smoke ? 5_000 : 200_000
  const sessions = 1_000
  const options = { trackingId: 'bench', maxQueueSize: events, flushIntervalMs: 1000, logger: quiet }
  const inProcess = createDispatcher({ ...options, transport: { send: async () => {} } })
  let t0 = performance.now()
  recordBurst(inProcess, events, sessions, 'a')
  const acceptMs = performance.now() - t0
  await inProcess.close()
  const toRedis = createDispatcher({
    ...options,
    transport: redisTransport({ url, stream: 'bench-producer', maxBacklog: 0, logger: quiet }),
  })
  t0 = performance.now()
  recordBurst(toRedis, events, sessions, 'b')
  const report = await toRedis.flush()
  const redisMs = performance.now() - t0
  await toRedis.close()
  const value = (events / redisMs) * 1000
  const baseline = (events / acceptMs) * 1000
  ctx.log(
    `producer: ${formatNumber(value)} records/s into Redis (${report.delivered} durable), recordEvent alone ${formatNumber(baseline)}/s`,
  )
  return {
    name: 'Producer: records/s recorded and durable in Redis (record + flush, pipelined XADD)',
    value,
    unit: 'records/s',
    baseline: { name: 'in-process recordEvent (accepting only, no delivery)', value: baseline },
    ratio: ratio(value, baseline),
    goal: { text: '≥ 100,000 records/s', met: value >= 100_000 },
  }
}

/** Events/s one relay delivers from a backlog vs the in-process dispatcher on the same workload. */
async function relayFigure(ctx: BenchContext, url: string): Promise<Figure> {
  const events = ctx.smoke ? 2_000 : 50_000
  const sessions = 1_000
  const service = await startService()
  const unlimited = { events: Number.POSITIVE_INFINITY }
  const clientConfig = { endpoint: service.url, region: 'us-east-1', credentials: CREDENTIALS }
  try {
    const direct = createDispatcher({
      trackingId: 'bench-direct',
      clientConfig,
      rateLimits: unlimited,
      maxQueueSize: events,
      logger: quiet,
    })
    let t0 = performance.now()
    recordBurst(direct, events, sessions, 'd')
    await direct.flush()
    const directMs = performance.now() - t0
    await direct.close()

    const producer = createDispatcher({
      trackingId: 'bench-relay',
      maxQueueSize: events,
      logger: quiet,
      transport: redisTransport({ url, stream: 'bench-relay', maxBacklog: 0, logger: quiet }),
    })
    recordBurst(producer, events, sessions, 'r')
    await producer.close()
    const relay = createRelay({
      url,
      stream: 'bench-relay',
      clientConfig,
      rateLimits: unlimited,
      logger: quiet,
    })
    t0 = performance.now()
    await relay.start()
    await until(() => relay.stats().delivered >= events, 300_000, 'the relay to deliver the backlog')
    const relayMs = performance.now() - t0
    await relay.close()
    const stored = await service.count('bench-relay')
    const value = (events / relayMs) * 1000
    const baseline = (events / directMs) * 1000
    ctx.log(
      `relay: ${formatNumber(value)} events/s (${stored} stored), in-process ${formatNumber(baseline)} events/s`,
    )
    const r = ratio(value, baseline)
    return {
      name: 'Relay: events/s delivered by one relay from a backlog',
      value,
      unit: 'events/s',
      baseline: { name: 'in-process dispatcher, same events, same emulator', value: baseline },
      ratio: r,
      goal: { text: '≥ 0.9× the in-process dispatcher', met: r === null ? null : r >= 0.9 },
    }
  } finally {
    await service.stop()
  }
}

/** Share of a quota one and two relay processes use with a backlog, and the worst second at the service. */
async function quotaFigures(ctx: BenchContext, url: string): Promise<{ figures: Figure[]; notes: string[] }> {
  const rate = ctx.smoke ? 50 : 200
  const seconds = ctx.smoke ? 3 : 10
  const arrivals: { at: number; ok: boolean }[] = []
  const emulator = await startEmulator({
    port: 0,
    quiet: true,
    quotas: { PutEvents: rate },
    requestLogSize: 10,
    onRequest: (entry) => arrivals.push({ at: entry.receivedAt, ok: entry.status === 200 }),
  })
  const figures: Figure[] = []
  const shares: number[] = []
  try {
    for (const relays of [1, 2]) {
      const stream = `bench-quota-${relays}`
      const calls = rate * seconds
      const producer = createDispatcher({
        trackingId: stream,
        maxQueueSize: calls * 10,
        logger: quiet,
        transport: redisTransport({ url, stream, maxBacklog: 0, logger: quiet }),
      })
      recordBurst(producer, calls * 10, calls, stream)
      await producer.close()
      arrivals.length = 0
      const env = { PERSONALIZE_TRACKING_ID: '', PERSONALIZE_ENDPOINT: emulator.url }
      const processes = await Promise.all(
        Array.from({ length: relays }, (_, n) =>
          startRelayProcess(
            ctx.root,
            ['--url', url, '--stream', stream, '--rate-events', String(rate), '--consumer', `bench-${n}`],
            env,
          ),
        ),
      )
      await until(
        async () => (await tierStatus({ url, stream })).backlog === 0,
        120_000,
        `${relays} relay(s) to drain`,
      )
      await Promise.all(processes.map((p) => p.stop()))
      const ok = arrivals.filter((a) => a.ok).map((a) => a.at)
      const share = (ok.length - 1) / ((((ok[ok.length - 1] as number) - (ok[0] as number)) / 1000) * rate)
      const worst = worstSecond(arrivals.map((a) => a.at))
      shares.push(share)
      ctx.log(
        `${relays} relay(s): ${formatRatio(share)} of a ${rate} calls/s quota, worst second ${worst} calls`,
      )
      figures.push(
        {
          name: `${relays} relay process${relays > 1 ? 'es' : ''} against a ${rate} calls/s quota: share of the quota used`,
          value: share,
          unit: '× quota',
          goal: { text: '≥ 0.9', met: share >= 0.9 },
        },
        {
          name: `${relays} relay process${relays > 1 ? 'es' : ''}: worst one-second window at the service`,
          value: worst / rate,
          unit: '× quota',
          goal: { text: '≤ 1.05× quota', met: worst / rate <= 1.05 },
        },
      )
    }
  } finally {
    await emulator.stop()
  }
  return {
    figures,
    notes: [
      `Quota share: a backlog of ${seconds} s of calls at ${rate} calls/s drained by relay processes (the built \`personalize-relay\`) sharing one rate in Redis; the emulator (in the bench process, \`quotas: { PutEvents: ${rate} }\`) timestamps each arrival. Share = calls answered 200 over the busy time × quota.`,
    ],
  }
}

/** Record → stored latency through the tier at a steady load. */
async function latencyFigure(ctx: BenchContext, url: string): Promise<Figure> {
  const flushIntervalMs = 200
  const perSecond = ctx.smoke ? 500 : 2000
  const seconds = ctx.smoke ? 2 : 10
  const emulator = await startEmulator({ port: 0, quiet: true, requestLogSize: 10 })
  const stream = 'bench-latency'
  const relay = createRelay({
    url,
    stream,
    clientConfig: { endpoint: emulator.url, region: 'us-east-1', credentials: CREDENTIALS },
    logger: quiet,
  })
  await relay.start()
  const producer = createDispatcher({
    trackingId: stream,
    flushIntervalMs,
    logger: quiet,
    transport: redisTransport({ url, stream, logger: quiet }),
  })
  const recordedAt = new Map<string, number>()
  try {
    const start = Date.now()
    let sent = 0
    while (Date.now() - start < seconds * 1000) {
      const due = Math.floor(((Date.now() - start) / 1000) * perSecond)
      for (; sent < due; sent++) {
        const { eventId } = producer.recordEvent({
          sessionId: `lat-${sent % 300}`,
          eventType: 'view',
          itemId: 'x',
        })
        recordedAt.set(eventId, Date.now())
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await producer.close()
    await until(() => emulator.records().length >= recordedAt.size, 60_000, 'every event stored')
    const latencies = emulator
      .records()
      .map((r) => r.receivedAt - (recordedAt.get(r.eventId as string) ?? r.receivedAt))
      .sort((a, b) => a - b)
    const p99 = quantileSorted(latencies, 0.99)
    ctx.log(
      `record → stored: p50 ${quantileSorted(latencies, 0.5)} ms, p99 ${p99} ms (${latencies.length} events)`,
    )
    return {
      name: `Record → stored p99 at ${perSecond} events/s (producer flushIntervalMs ${flushIntervalMs}, one relay)`,
      value: p99,
      unit: 'ms',
      goal: {
        text: `≤ flushIntervalMs + 100 ms (${flushIntervalMs + 100} ms)`,
        met: p99 <= flushIntervalMs + 100,
      },
    }
  } finally {
    await relay.close()
    await emulator.stop()
  }
}

export const redisTierBench: Bench = {
  id: 'redis-tier',
  title: '10. Redis tier (@personalize-kit/redis)',
  profile: false,
  async run(ctx) {
    if (!hasRedisServer())
      return {
        status: 'skipped',
        figures: [],
        notes: ['redis-server is not on PATH: the Redis tier was not measured.'],
      }
    const redis = await startRedisServer({ dirPrefix: 'pk-bench-redis-' })
    try {
      const figures: Figure[] = []
      figures.push(await producerFigure(ctx, redis.url))
      figures.push(await relayFigure(ctx, redis.url))
      const quota = await quotaFigures(ctx, redis.url)
      figures.push(...quota.figures)
      figures.push(await latencyFigure(ctx, redis.url))
      return {
        figures,
        notes: [
          'One redis-server (AOF everysec) on loopback, started by the bench. Producer and in-process baselines run in the bench process; the relay-vs-dispatcher comparison sends to the emulator in its own process, as bench 1 does.',
          ...quota.notes,
        ],
      }
    } finally {
      await redis.stop()
    }
  },
}
