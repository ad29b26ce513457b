import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { loadDispatcherFactory } from '../lib/load-core'
import { BENCH_CREDENTIALS } from '../lib/sdk-client'
import { serveWorker } from '../lib/worker-serve'
import { buildSchedule, buildSessions, makeEvent, type Session } from '../lib/workload'

/** Calls `record(n)` for n = 0..total-1 at `ratePerSecond`, catching up every 2 ms. */
async function pace(ratePerSecond: number, total: number, record: (n: number) => void): Promise<void> {
  const start = performance.now()
  let n = 0
  while (n < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * ratePerSecond))
    for (; n < due; n++) record(n)
    await sleep(2)
  }
}

serveWorker({
  async run(args: {
    url: string
    ratePerSecond: number
    durationSec: number
    warmupSec: number
    sessions: number
    trackingId: string
  }) {
    const createDispatcher = await loadDispatcherFactory()
    if (!createDispatcher) throw new Error('createDispatcher is not available yet')
    const total = Math.round(args.ratePerSecond * args.durationSec)
    const sessions = buildSessions(args.sessions)
    const schedule = buildSchedule(total, args.sessions, 5)
    // Defaults everywhere (flushIntervalMs 1000, rate limits, concurrency): what an app gets out of the box.
    const dispatcher = createDispatcher({
      trackingId: args.trackingId,
      clientConfig: { region: 'us-east-1', endpoint: args.url, credentials: BENCH_CREDENTIALS },
    })
    // A warm-up at the same rate under another tracker (JIT, keep-alive connections), then the measured run.
    await pace(args.ratePerSecond, Math.round(args.ratePerSecond * args.warmupSec), (n) => {
      try {
        dispatcher.recordEvent({
          ...makeEvent(sessions[schedule[n % total] as number] as Session, n),
          trackingId: `${args.trackingId}-warmup`,
        })
      } catch {
        // refusals during the warm-up do not matter
      }
    })
    await dispatcher.flush()
    const callsBefore = dispatcher.stats().calls
    const eventIds: string[] = new Array(total)
    const recordedAt = new Float64Array(total)
    let refused = 0
    const start = performance.now()
    await pace(args.ratePerSecond, total, (n) => {
      const event = makeEvent(sessions[schedule[n] as number] as Session, n)
      recordedAt[n] = Date.now()
      try {
        eventIds[n] = dispatcher.recordEvent(event).eventId
      } catch {
        refused++
        eventIds[n] = ''
      }
    })
    const achievedRate = total / ((performance.now() - start) / 1000)
    const report = await dispatcher.flush()
    const stats = dispatcher.stats()
    await dispatcher.close({ timeoutMs: 5000 })
    return {
      eventIds,
      recordedAt: Array.from(recordedAt),
      refused,
      achievedRate,
      calls: stats.calls - callsBefore,
      deadLettered: report.deadLettered,
    }
  },
})
