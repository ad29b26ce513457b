import { performance } from 'node:perf_hooks'
import { sendOnePerEvent } from '../baselines/one-per-event'
import { groupIntoCalls, sendPreGrouped } from '../baselines/pre-grouped'
import { createSessionGroupingBuffer } from '../baselines/session-grouping-buffer'
import type { BaselineResult } from '../baselines/types'
import { loadDispatcherFactory } from '../lib/load-core'
import { produce } from '../lib/produce'
import { BENCH_CREDENTIALS, createBareClient } from '../lib/sdk-client'
import { serveWorker } from '../lib/worker-serve'
import { buildSchedule, buildSessions, type Session } from '../lib/workload'

export type Engine =
  | 'dispatcher'
  | 'dispatcher-default-queue'
  | 'one-per-event'
  | 'session-grouping'
  | 'pre-grouped'

export interface ThroughputArgs {
  engine: Engine
  url: string
  events: number
  sessions: number
  warmupEvents: number
  trackingId: string
  concurrency: number
}

export interface ThroughputRun extends BaselineResult {
  elapsedMs: number
  /** CPU time (user + system) the client process spent: less sensitive to a busy machine than wall time. */
  cpuMs: number
  pushedBack: number
  deadLettered: number
}

type Sender = (
  trackingId: string,
  sessions: Session[],
  schedule: Uint32Array,
) => Promise<BaselineResult & { pushedBack: number; deadLettered: number }>

async function makeSender(args: ThroughputArgs): Promise<Sender> {
  const concurrency = args.concurrency
  if (args.engine === 'dispatcher' || args.engine === 'dispatcher-default-queue') {
    const createDispatcher = await loadDispatcherFactory()
    if (!createDispatcher) throw new Error('createDispatcher is not available yet')
    const dispatcher = createDispatcher({
      trackingId: args.trackingId,
      clientConfig: { region: 'us-east-1', endpoint: args.url, credentials: BENCH_CREDENTIALS },
      concurrency,
      // The emulator enforces no quota and the baselines have no limit; the default (1000 calls/s, AWS's per
      // dataset group quota) would cap the dispatcher at 10,000 events/s.
      rateLimits: { events: Number.POSITIVE_INFINITY },
      // The main run holds the whole burst, as the baselines do; the other keeps the default bound (10,000), so
      // the producer is pushed back and the 1 s latency bound sends some groups before they fill.
      ...(args.engine === 'dispatcher' ? { maxQueueSize: args.events } : {}),
    })
    return async (trackingId, sessions, schedule) => {
      const before = dispatcher.stats()
      const { pushedBack } = await produce(
        args.engine === 'dispatcher' ? 'burst' : 'stream',
        sessions,
        schedule,
        (event) => {
          try {
            dispatcher.recordEvent({ ...event, trackingId })
            return true
          } catch (error) {
            if ((error as { code?: string }).code === 'PERSONALIZE_QUEUE_FULL') return false
            throw error
          }
        },
      )
      await dispatcher.flush()
      const after = dispatcher.stats()
      return {
        calls: after.calls - before.calls,
        failedCalls: 0,
        pushedBack,
        deadLettered: after.deadLettered - before.deadLettered,
      }
    }
  }
  const client = createBareClient(args.url)
  if (args.engine === 'one-per-event') {
    return async (trackingId, sessions, schedule) => ({
      ...(await sendOnePerEvent({ client, trackingId, sessions, schedule, concurrency })),
      pushedBack: 0,
      deadLettered: 0,
    })
  }
  if (args.engine === 'pre-grouped') {
    return async (trackingId, sessions, schedule) => {
      const calls = groupIntoCalls(schedule, sessions.length)
      return {
        ...(await sendPreGrouped({ client, trackingId, sessions, calls, schedule, concurrency })),
        pushedBack: 0,
        deadLettered: 0,
      }
    }
  }
  return async (trackingId, sessions, schedule) => {
    const buffer = createSessionGroupingBuffer({ client, trackingId })
    const { pushedBack } = await produce('burst', sessions, schedule, (event) => {
      buffer.record(event)
      return true
    })
    const result = await buffer.drain()
    buffer.close()
    return { ...result, pushedBack, deadLettered: 0 }
  }
}

serveWorker({
  async run(args: ThroughputArgs): Promise<ThroughputRun> {
    const sessions = buildSessions(args.sessions)
    const schedule = buildSchedule(args.events, args.sessions)
    const send = await makeSender(args)
    // Warm the JIT and the keep-alive connections with the same approach, under another tracker.
    await send(`${args.trackingId}-warmup`, sessions, buildSchedule(args.warmupEvents, args.sessions, 99))
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const result = await send(args.trackingId, sessions, schedule)
    const elapsedMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    return { ...result, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000 }
  },
})
