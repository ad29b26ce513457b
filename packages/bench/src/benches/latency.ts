import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import { loadDispatcherFactory } from '../lib/load-core'
import { profileFlags } from '../lib/profile'
import { quantileSorted } from '../lib/stats'
import { startWorker } from '../lib/worker-host'
import type { Bench } from '../types'

const FLUSH_INTERVAL_MS = 1000

export const latencyBench: Bench = {
  id: 'latency',
  title: '4. Latency',
  async run(ctx) {
    if (!(await loadDispatcherFactory())) {
      return { status: 'skipped', figures: [], notes: ['`createDispatcher` is not available yet.'] }
    }
    const rate = 5000
    const durationSec = ctx.smoke ? 2 : 20
    const sessions = 1000
    const trackingId = 'bench-latency'
    const service = await startService()
    const worker = await startWorker('latency', { nodeFlags: profileFlags(ctx, 'latency-client') })
    try {
      const r = await worker.call<{
        eventIds: string[]
        recordedAt: number[]
        refused: number
        achievedRate: number
        calls: number
        deadLettered: number
      }>('run', { url: service.url, ratePerSecond: rate, durationSec, sessions, trackingId })
      const received = new Map(await service.receivedAt(trackingId))
      const latencies: number[] = []
      let missing = 0
      r.eventIds.forEach((id, i) => {
        const at = id ? received.get(id) : undefined
        if (at === undefined) missing++
        else latencies.push(at - (r.recordedAt[i] as number))
      })
      latencies.sort((a, b) => a - b)
      const p50 = quantileSorted(latencies, 0.5)
      const p99 = quantileSorted(latencies, 0.99)
      const max = latencies[latencies.length - 1] ?? Number.NaN
      const budget = FLUSH_INTERVAL_MS + 50
      ctx.log(`p50 ${p50} ms, p99 ${p99} ms, ${r.calls} calls, ${missing} missing`)
      const notes = [
        ...serviceNote(service.kind),
        `${formatNumber(r.eventIds.length)} events recorded at ${formatNumber(r.achievedRate)} events/s for ` +
          `${durationSec} s, spread over ${formatNumber(sessions)} sessions (about ${formatNumber(rate / sessions)} ` +
          'events/s per session), by a dispatcher with default options (flushIntervalMs 1000, rate limit 1,000 ' +
          'PutEvents calls/s, concurrency 16) sending to the emulator in another process. Latency = the ' +
          "emulator's receivedAt minus the time recordEvent was called (same machine clock).",
        `p50 ${formatNumber(p50)} ms, p99 ${formatNumber(p99)} ms, max ${formatNumber(max)} ms; ` +
          `${formatNumber(r.calls)} calls (${formatNumber(r.eventIds.length / Math.max(1, r.calls))} events per call).`,
      ]
      if (missing > 0 || r.refused > 0 || r.deadLettered > 0)
        notes.push(
          `**${formatNumber(missing)} events never reached the emulator** (${r.refused} refused at record time, ` +
            `${r.deadLettered} dead-lettered).`,
        )
      return {
        figures: [
          {
            name: 'Record-to-stored latency p50 at 5,000 events/s',
            value: p50,
            unit: 'ms',
          },
          {
            name: 'Record-to-stored latency p99 at 5,000 events/s',
            value: p99,
            unit: 'ms',
            baseline: { name: 'flushIntervalMs', value: FLUSH_INTERVAL_MS },
            goal: { text: `≤ flushIntervalMs + 50 ms = ${budget} ms`, met: p99 <= budget && missing === 0 },
          },
        ],
        notes,
      }
    } finally {
      await worker.stop()
      await service.stop()
    }
  },
}
