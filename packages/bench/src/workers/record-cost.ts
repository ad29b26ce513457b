import { Bench } from 'tinybench'
import { loadDispatcherFactory } from '../lib/load-core'
import { createOfflineClient } from '../lib/offline-client'
import { serveWorker } from '../lib/worker-serve'
import { buildSessions, makeEvent } from '../lib/workload'

const PER_ITERATION = 100

serveWorker({
  async run(args: { timeMs: number }) {
    const createDispatcher = await loadDispatcherFactory()
    if (!createDispatcher) throw new Error('createDispatcher is not available yet')
    const sessions = buildSessions(1000)
    // 10,000 distinct realistic events, built before the clock starts: the bench measures recordEvent, not us.
    const events = Array.from({ length: 10_000 }, (_, n) =>
      makeEvent(sessions[n % 1000] as (typeof sessions)[0], n),
    )
    const dispatcher = createDispatcher({
      trackingId: 'bench-record-cost',
      client: createOfflineClient('ok'),
      flushIntervalMs: 60_000,
      maxQueueSize: 1_000_000,
      rateLimits: { events: Number.POSITIVE_INFINITY },
    })
    let next = 0
    const bench = new Bench({ time: args.timeMs, warmupTime: Math.min(1000, args.timeMs / 2) })
    bench.add(
      `recordEvent ×${PER_ITERATION}`,
      () => {
        for (let i = 0; i < PER_ITERATION; i++) {
          dispatcher.recordEvent(events[next] as (typeof events)[0])
          next = next === events.length - 1 ? 0 : next + 1
        }
      },
      {
        // Sends of full groups happen between iterations (off the clock); keep the queue from growing regardless.
        afterEach: async () => {
          if (dispatcher.stats().queued > 100_000) await dispatcher.flush()
        },
      },
    )
    await bench.run()
    const task = bench.tasks[0]
    const latency = task?.result?.latency
    if (!latency) throw new Error(`tinybench produced no result: ${String(task?.result?.error)}`)
    const stats = dispatcher.stats()
    await dispatcher.close({ timeoutMs: 5000 })
    return {
      perSecond: (PER_ITERATION * 1000) / latency.mean,
      medianPerSecond: (PER_ITERATION * 1000) / (latency.p50 ?? latency.mean),
      rme: latency.rme,
      samples: latency.samples.length,
      accepted: stats.accepted,
      jsonBytes: JSON.stringify(events[0]).length,
    }
  },
})
