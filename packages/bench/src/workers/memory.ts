import { loadDispatcherFactory } from '../lib/load-core'
import { createOfflineClient } from '../lib/offline-client'
import { serveWorker } from '../lib/worker-serve'
import { buildSchedule, buildSessions, makeEvent, type Session } from '../lib/workload'

const collect = (): number => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('run with --expose-gc')
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

serveWorker({
  async run(args: { events: number; sessions: number }) {
    const createDispatcher = await loadDispatcherFactory()
    if (!createDispatcher) throw new Error('createDispatcher is not available yet')
    const sessions = buildSessions(args.sessions)
    const schedule = buildSchedule(args.events, args.sessions)
    // Nothing ever leaves: calls never settle and the interval is far away, so every record stays held.
    const options = {
      trackingId: 'bench-memory',
      flushIntervalMs: 3_600_000,
      maxQueueSize: args.events * 2,
      rateLimits: { events: Number.POSITIVE_INFINITY },
    }
    // Warm up code paths and lazy SDK state in a throwaway dispatcher first.
    const warm = createDispatcher({ ...options, client: createOfflineClient('ok') })
    for (let n = 0; n < 2000; n++) warm.recordEvent(makeEvent(sessions[n % sessions.length] as Session, n))
    await warm.close({ timeoutMs: 5000 })

    const dispatcher = createDispatcher({ ...options, client: createOfflineClient('hang') })
    const before = collect()
    let jsonBytes = 0
    for (let n = 0; n < schedule.length; n++) {
      const event = makeEvent(sessions[schedule[n] as number] as Session, n)
      jsonBytes += JSON.stringify(event).length
      dispatcher.recordEvent(event)
    }
    const after = collect()
    const stats = dispatcher.stats()
    return {
      heapBytesPerEvent: (after - before) / args.events,
      jsonBytesPerEvent: jsonBytes / args.events,
      held: stats.queued + stats.inFlight,
      calls: stats.calls,
    }
  },
})
