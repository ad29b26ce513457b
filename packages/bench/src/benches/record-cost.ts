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
    const worker = await startWorker('record-cost', {
      nodeFlags: ['--expose-gc', ...profileFlags(ctx, 'record-cost')],
    })
    try {
      const r = await worker.call<{
        perSecond: number
        medianPerSecond: number
        bestPerSecond: number
        rme: number
        samples: number
        perSample: number
        accepted: number
        jsonBytes: number
      }>('run', { timeMs: ctx.smoke ? 200 : ctx.profileDir ? 1000 : 2000 })
      return {
        figures: [
          {
            name: 'Validated recordEvent calls/s, one core (median sample)',
            value: r.medianPerSecond,
            unit: 'calls/s',
            goal: {
              text: '≥ 500,000 calls/s',
              met: r.medianPerSecond >= 500_000,
              plan:
                'the profile is mostly collecting the records held (the sample keeps up to 9,000), the ' +
                "properties' JSON and the eventId UUID: next, keep one string per record for the whole serialised " +
                'event instead of several fields, and draw eventIds from a pooled random buffer.',
            },
          },
        ],
        notes: [
          `tinybench, ${formatNumber(r.samples)} samples of ${formatNumber(r.perSample)} calls; the figure is the ` +
            `median sample (robust to other work on the machine); mean ${formatNumber(r.perSecond)} calls/s ` +
            `(±${r.rme.toFixed(1)} %), best sample ${formatNumber(r.bestPerSecond)} calls/s. Each call validates a realistic event (sessionId, userId for ` +
            `40 %, eventType, itemId, eventValue on purchases, six properties, about ${r.jsonBytes} bytes of JSON), ` +
            'generates its eventId and queues it; 10,000 distinct events cycle over 1,000 sessions.',
          'Only `recordEvent` is timed. Each sample records into a fresh dispatcher (default options except a ' +
            'real SDK client whose transport never answers and an interval an hour away, so nothing is sent while ' +
            'the clock runs); the sample size stays under the default queue bound of 10,000, so queues get as deep ' +
            'as they can in production. Between samples, off the clock, the old dispatcher is closed and a full GC ' +
            `runs so one sample's leftovers do not land on the next (${formatNumber(r.accepted)} records in all). ` +
            'In a CPU profile of this process, `close`, `expire`, `settleDead` and `toDeadLetters` are that ' +
            'discarding, and most GC time is those forced collections.',
        ],
      }
    } finally {
      await worker.stop()
    }
  },
}
