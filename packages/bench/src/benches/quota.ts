import type { Dispatcher, FlushReport } from '@personalize-kit/core'
import { collectorRequests } from '../lib/collector-requests'
import { formatNumber } from '../lib/format'
import { runLoad } from '../lib/load'
import { BENCH_CREDENTIALS } from '../lib/sdk-client'
import { startWorker, type WorkerHandle } from '../lib/worker-host'
import type { Bench, BenchContext, Figure } from '../types'
import type { Arrival } from '../workers/quota-emulator'
import { worstSecond } from './redis-tier-helpers'

// AWS's default PutEvents quota per dataset group, and the dispatcher's default rate limit for events.
const QUOTA = 1000
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

/** What the service saw of one subject: calls within the quota, throttled calls, busy time. */
interface QuotaUse {
  ok: number
  throttled: number
  busySec: number
  share: number
  worst: number
}

function quotaUse(arrivals: Arrival[]): QuotaUse {
  const ok = arrivals.filter((a) => a.status === 200).map((a) => a.at)
  const first = Math.min(...ok)
  const last = Math.max(...ok)
  const busySec = (last - first) / 1000
  return {
    ok: ok.length,
    throttled: arrivals.filter((a) => a.status !== 200).length,
    busySec,
    // The first call opens the window, so it is not counted in the rate.
    share: ok.length > 1 && busySec > 0 ? (ok.length - 1) / (busySec * QUOTA) : 0,
    // Every arrival counts, throttled or not: that is what the client put on the service.
    worst: worstSecond(arrivals.map((a) => a.at)),
  }
}

function quotaFigures(subject: string, use: QuotaUse, judgeShare: boolean): Figure[] {
  return [
    {
      name: `${subject}: share of the ${formatNumber(QUOTA)} calls/s PutEvents quota used`,
      value: use.share,
      unit: '× quota',
      goal: { text: '≥ 0.9', met: judgeShare ? use.share >= 0.9 : null },
    },
    {
      name: `${subject}: worst one-second window at the service`,
      value: use.worst / QUOTA,
      unit: '× quota',
      goal: { text: '≤ 1.05× quota', met: use.worst / QUOTA <= 1.05 },
    },
    { name: `${subject}: calls throttled by the service`, value: use.throttled, unit: 'calls' },
  ]
}

/** A backlog of `seconds` × quota calls recorded at once into a dispatcher with default options, then flushed. */
async function dispatcherRun(ctx: BenchContext, emulator: WorkerHandle, url: string) {
  // A smoke run only proves the path works: a fifth of a second of backlog, which the full bucket absorbs.
  const seconds = ctx.smoke ? 0.2 : 15
  const calls = QUOTA * seconds
  const perCall = 5
  const { createDispatcher } = await import('@personalize-kit/core')
  const dispatcher: Dispatcher = createDispatcher({
    trackingId: 'bench-quota-dispatcher',
    clientConfig: { endpoint: url, region: 'us-east-1', credentials: BENCH_CREDENTIALS },
    // Room for the whole backlog: the point is the rate it leaves at, not the queue bound.
    maxQueueSize: calls * perCall,
    logger: quiet,
  })
  await emulator.call('takeArrivals')
  for (let i = 0; i < calls * perCall; i++)
    dispatcher.recordEvent({ sessionId: `quota-${i % calls}`, eventType: 'view', itemId: `item-${i % 500}` })
  const report = await dispatcher.close({ timeoutMs: (seconds * 4 + 30) * 1000 })
  const use = quotaUse(await emulator.call<Arrival[]>('takeArrivals'))
  const stored = await emulator.call<number>('stored', { trackingId: 'bench-quota-dispatcher' })
  ctx.log(
    `dispatcher: ${formatNumber(use.share)}× quota over ${formatNumber(use.busySec)} s, worst second ${use.worst}, ` +
      `${use.throttled} throttled, ${report.delivered} delivered, ${report.deadLettered} dead-lettered, ${stored} stored`,
  )
  return { use, report, stored, calls, events: calls * perCall }
}

/** The Express collector (all defaults) under more browser requests than the quota can carry. */
async function collectorRun(ctx: BenchContext, emulator: WorkerHandle, url: string) {
  const duration = ctx.smoke ? 1 : 15
  const worker = await startWorker('quota-collector', {
    env: { PERSONALIZE_ENDPOINT: url, PERSONALIZE_TRACKING_ID: '' },
  })
  try {
    const { port } = await worker.call<{ port: number }>('start')
    const origin = `http://127.0.0.1:${port}`
    await emulator.call('takeArrivals')
    // 5,000 visitors in turn: a visitor comes back after its events were sent, so each request needs its own call.
    const load = await runLoad({
      url: origin,
      serverPid: worker.pid,
      connections: 32,
      duration,
      warmupSec: 0,
      requests: collectorRequests(origin, '/api/personalize/events', 5000),
    })
    const report = (await worker.call<FlushReport>('stop')) as FlushReport
    const use = quotaUse(await emulator.call<Arrival[]>('takeArrivals'))
    // The collector sends to the emulator's demo tracker (its defaults, as in a zero-config app).
    const stored = await emulator.call<number>('stored', { trackingId: 'demo-tracking-id' })
    ctx.log(
      `collector: ${formatNumber(load.okPerSecond)} req/s accepted, ${formatNumber(use.share)}× quota over ` +
        `${formatNumber(use.busySec)} s, worst second ${use.worst}, ${use.throttled} throttled, status codes ` +
        `${JSON.stringify(load.statusCodes)}, ${stored} events stored, ${report.deadLettered} dead-lettered at close`,
    )
    return { use, report, stored, load, duration }
  } finally {
    await worker.stop()
  }
}

/**
 * The dispatcher and the Express collector, each with its default rate limit (1,000 PutEvents calls/s), against
 * the emulator with the AWS quota on: how much of the quota they use, and whether any second goes over it.
 */
export const quotaBench: Bench = {
  id: 'quota',
  title: '12. Against the PutEvents quota',
  profile: false,
  async run(ctx) {
    const emulator = await startWorker('quota-emulator')
    try {
      const { url } = await emulator.call<{ url: string }>('start', { putEventsPerSecond: QUOTA })
      const d = await dispatcherRun(ctx, emulator, url)
      const c = await collectorRun(ctx, emulator, url)
      // Each accepted request holds one visitor's events, so it needs a call of its own: below the quota in
      // requests/s, the load generator (not the collector) bounds the share.
      const offeredEnough = c.load.okPerSecond >= QUOTA
      const notes = [
        `The emulator runs in its own process with \`quotas: { PutEvents: ${QUOTA} }\` (a token bucket of ` +
          `${QUOTA} calls refilled continuously, like \`--quota PutEvents=${QUOTA}\`) and timestamps every PutEvents ` +
          'arrival. Share = calls answered 200 over the busy time (first to last accepted call) × quota; the worst ' +
          'second counts every arrival, throttled or not.',
        `Dispatcher: ${formatNumber(d.events)} events of ${formatNumber(d.calls)} sessions (${formatNumber(d.events / d.calls)} ` +
          'each) recorded at once into `createDispatcher` with default options (rate limit, concurrency, retry) ' +
          `in the bench process, then closed: ${formatNumber(d.use.ok)} calls accepted in ` +
          `${formatNumber(d.use.busySec)} s, ${formatNumber(d.stored)} events stored, ${d.report.deadLettered} ` +
          'dead-lettered.',
        `Collector: \`app.use(personalize())\` with every default in its own process; autocannon (32 connections, ` +
          `${c.duration} s) posts 5-event batches from 5,000 visitors in turn, so each request needs its own call. ` +
          `${formatNumber(c.load.okPerSecond)} requests/s accepted, status codes ${JSON.stringify(c.load.statusCodes)}; ` +
          `${formatNumber(c.use.ok)} calls accepted by the service in ${formatNumber(c.use.busySec)} s, ` +
          `${formatNumber(c.stored)} events stored (${formatNumber((c.load.statusCodes['202'] ?? 0) * 5)} accepted in 202 ` +
          `answers), ${c.report.deadLettered} dead-lettered at close.`,
      ]
      const acceptedEvents = (c.load.statusCodes['202'] ?? 0) * 5
      if (c.stored < acceptedEvents || d.stored < d.events)
        notes.push(
          `**Events were lost:** the dispatcher stored ${d.stored} of ${d.events}, the collector ${c.stored} of ` +
            `${acceptedEvents} accepted.`,
        )
      if (!offeredEnough)
        notes.push(
          `The collector accepted fewer requests/s (${formatNumber(c.load.okPerSecond)}) than the quota has ` +
            'calls, so its share is not judged: the load (or the machine), not the rate limit, bounded it.',
        )
      return {
        figures: [
          // A smoke backlog fits in the service's full bucket: its share says nothing, so it is not judged.
          ...quotaFigures('Dispatcher with a backlog', d.use, !ctx.smoke),
          ...quotaFigures('Express collector under load', c.use, offeredEnough && !ctx.smoke),
        ],
        notes,
      }
    } finally {
      await emulator.call('stop').catch(() => {})
      await emulator.stop()
    }
  },
}
