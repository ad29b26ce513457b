import { formatNumber } from '../lib/format'
import { loadDispatcherFactory } from '../lib/load-core'
import { profileFlags } from '../lib/profile'
import { startWorker } from '../lib/worker-host'
import type { Bench } from '../types'

export const recordCostBench: Bench = {
  id: 'record-cost',
  title: '2. Record cost',
  async run(ctx) {
    if (!(await loadDispatcherFactory())) {
      return { status: 'skipped', figures: [], notes: ['`createDispatcher` is not available yet.'] }
    }
    const worker = await startWorker('record-cost', { nodeFlags: profileFlags('record-cost') })
    try {
      const r = await worker.call<{
        perSecond: number
        medianPerSecond: number
        rme: number
        samples: number
        accepted: number
        jsonBytes: number
      }>('run', { timeMs: ctx.smoke ? 300 : 4000 })
      return {
        figures: [
          {
            name: 'Validated recordEvent calls/s, one core',
            value: r.perSecond,
            unit: 'calls/s',
            goal: { text: '≥ 500,000 calls/s', met: r.perSecond >= 500_000 },
          },
        ],
        notes: [
          `tinybench, ${formatNumber(r.samples)} samples of ${100} calls (±${r.rme.toFixed(1)} %); median ` +
            `${formatNumber(r.medianPerSecond)} calls/s. Each call validates a realistic event (sessionId, userId for ` +
            `40 %, eventType, itemId, eventValue on purchases, six properties, about ${r.jsonBytes} bytes of JSON), ` +
            'generates its eventId and queues it; 10,000 distinct events cycle over 1,000 sessions.',
          'The dispatcher uses a real SDK client whose transport answers 200 at once without a socket, so full ' +
            'groups are sent between samples (off the clock) and the queue stays bounded; only `recordEvent` is timed.',
        ],
      }
    } finally {
      await worker.stop()
    }
  },
}
