import { writeHeapSnapshot } from 'node:v8'
import { createDispatcher } from '@personalize-kit/core'
import { createOfflineClient } from './lib/offline-client'
import { buildSchedule, buildSessions, makeEvent } from './lib/workload'

const sessions = buildSessions(1000)
const schedule = buildSchedule(20000, 1000)
const d = createDispatcher({
  trackingId: 't',
  client: createOfflineClient('hang'),
  flushIntervalMs: 3600000,
  maxQueueSize: 100000,
  rateLimits: { events: Infinity },
})
;(globalThis as any).gc()
const h0 = process.memoryUsage().heapUsed
for (let n = 0; n < schedule.length; n++) d.recordEvent(makeEvent(sessions[schedule[n]!]!, n))
;(globalThis as any).gc()
const h1 = process.memoryUsage().heapUsed
console.log('per event', (h1 - h0) / 20000, d.stats())
console.log(writeHeapSnapshot('/tmp/benchtools/h.heapsnapshot'))
