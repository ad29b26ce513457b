import { Bench } from 'tinybench'
import { loadDispatcherFactory } from '../lib/load-core'
import { createOfflineClient } from '../lib/offline-client'
import { serveWorker } from '../lib/worker-serve'
import { buildSessions, makeEvent } from '../lib/workload'

/** Records per sample: the default queue bound, so queues get as deep as they can in production. */
const PER_SAMPLE = 9_000
const silent = () => {}
const silentLogger = { debug: silent, info: silent, warn: silent, error: silent }

serveWorker({
  async run(args: { timeMs: number }) {
    const createDispatcher = await loadDispatcherFactory()
    if (!createDispatcher) throw new Error('createDispatcher is not available yet')
    const gc = (globalThis as { gc?: () => void }).gc
    if (!gc) throw new Error('run with --expose-gc')
    const sessions = buildSessions(1000)
    // 10,000 distinct realistic events, built before the clock starts: the bench measures recordEvent, not us.
    const events = Array.from({ length: 10_000 }, (_, n) =>
      makeEvent(sessions[n % 1000] as (typeof sessions)[0], n),
    )
    // Calls never settle and the interval is an hour away: after the first 16 calls nothing is sent, so only
    // recordEvent is measured (validation, the eventId, grouping, queueing, and the garbage they make).
    const make = () =>
      createDispatcher({
        trackingId: 'bench-record-cost',
        client: createOfflineClient('hang'),
        flushIntervalMs: 3_600_000,
        rateLimits: { events: Number.POSITIVE_INFINITY },
        logger: silentLogger,
        onDeadLetter: silent,
      })
    let dispatcher = make()
    let next = 0
    let accepted = 0
    const bench = new Bench({ time: args.timeMs, warmupTime: Math.min(1000, args.timeMs / 2), iterations: 8 })
    bench.add(
      `recordEvent ×${PER_SAMPLE}`,
      () => {
        for (let i = 0; i < PER_SAMPLE; i++) {
          dispatcher.recordEvent(events[next] as (typeof events)[0])
          next = next === events.length - 1 ? 0 : next + 1
        }
      },
      {
        // Off the clock: each sample gets a fresh dispatcher, and the previous one's garbage (it is closed with
        // an immediate deadline, which dead-letters what it held) is collected before the clock starts again.
        beforeEach: () => {
          dispatcher = make()
          gc()
        },
        afterEach: async () => {
          accepted += dispatcher.stats().accepted
          await dispatcher.close({ timeoutMs: 0 })
        },
      },
    )
    await bench.run()
    const latency = bench.tasks[0]?.result?.latency
    if (!latency) throw new Error(`tinybench produced no result: ${String(bench.tasks[0]?.result?.error)}`)
    return {
      perSecond: (PER_SAMPLE * 1000) / latency.mean,
      medianPerSecond: (PER_SAMPLE * 1000) / (latency.p50 ?? latency.mean),
      bestPerSecond: (PER_SAMPLE * 1000) / latency.min,
      rme: latency.rme,
      samples: latency.samples.length,
      perSample: PER_SAMPLE,
      accepted,
      jsonBytes: JSON.stringify(events[0]).length,
    }
  },
})
