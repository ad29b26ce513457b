import { formatNumber } from '../lib/format'
import { loadDispatcherFactory } from '../lib/load-core'
import { ratio } from '../lib/stats'
import { startWorker } from '../lib/worker-host'
import type { Bench } from '../types'

export const memoryBench: Bench = {
  id: 'memory',
  title: '3. Memory',
  profile: false,
  async run(ctx) {
    if (!(await loadDispatcherFactory())) {
      return { status: 'skipped', figures: [], notes: ['`createDispatcher` is not available yet.'] }
    }
    const events = ctx.smoke ? 10_000 : 100_000
    const worker = await startWorker('memory', { nodeFlags: ['--expose-gc'] })
    try {
      const r = await worker.call<{
        heapBytesPerEvent: number
        jsonBytesPerEvent: number
        held: number
        calls: number
      }>('run', { events, sessions: 1000 })
      const perJson = ratio(r.heapBytesPerEvent, r.jsonBytesPerEvent)
      return {
        figures: [
          {
            name: `Heap bytes per queued event (${formatNumber(events)} queued)`,
            value: r.heapBytesPerEvent,
            unit: 'B',
            baseline: { name: "the event's JSON size", value: r.jsonBytesPerEvent },
            ratio: perJson,
            goal: { text: '≤ 2× the JSON size', met: perJson !== null && perJson <= 2 },
          },
        ],
        notes: [
          `${formatNumber(events)} realistic events from 1,000 sessions recorded into a dispatcher whose calls never ` +
            `settle (a real SDK client with a transport that never answers) and whose interval is an hour away, so ` +
            `all ${formatNumber(r.held)} records stay held (${formatNumber(r.calls)} calls of up to 10 records were ` +
            'started and never answer). Heap measured with `--expose-gc` after full collections, before and after recording; the ' +
            'events are built on the fly and not retained by the bench.',
          'JSON size = `JSON.stringify` of the event as the application passed it (sentAt as epoch ms).',
        ],
      }
    } finally {
      await worker.stop()
    }
  },
}
