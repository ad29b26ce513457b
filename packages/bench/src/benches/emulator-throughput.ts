import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import { runLoad } from '../lib/load'
import { profileFlags } from '../lib/profile'
import { buildSignedPutEvents } from '../lib/signed-requests'
import type { Bench } from '../types'

export const emulatorThroughputBench: Bench = {
  id: 'emulator',
  title: '8. Emulator',
  async run(ctx) {
    const service = await startService(profileFlags(ctx, 'emulator'))
    try {
      const requests = await buildSignedPutEvents(service.url, 200, 'bench-emulator')
      const duration = ctx.smoke ? 2 : ctx.profileDir ? 5 : 10
      const load = await runLoad({
        url: service.url,
        serverPid: service.worker.pid,
        connections: 32,
        duration,
        warmupSec: ctx.smoke ? 0.5 : 2,
        requests: requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body })),
      })
      ctx.log(`${formatNumber(load.okPerSecond)} calls/s, status codes ${JSON.stringify(load.statusCodes)}`)
      const notes = [
        ...serviceNote(service.kind),
        'The emulator runs with its defaults (validation on, signatures checked in `warn` mode, every record stored ' +
          'in memory) in its own single-threaded Node process; autocannon drives it from another process with 32 ' +
          'connections, replaying 200 distinct valid PutEvents requests of 10 events each, signed by the real AWS ' +
          `SDK. ${duration} s measured after a warm-up.`,
        `Latency p50 ${formatNumber(load.latencyP50Ms)} ms, p99 ${formatNumber(load.latencyP99Ms)} ms; ` +
          `${formatNumber(load.non2xx)} non-2xx responses, ${formatNumber(load.errors)} connection errors.`,
      ]
      if (load.serverCpuPerOkUs !== null)
        notes.push(
          `The emulator process used ${formatNumber(load.serverCpuPerOkUs)} µs of CPU per call, i.e. about ` +
            `${formatNumber(1e6 / load.serverCpuPerOkUs)} calls/s if it had a core to itself (a figure other work ` +
            'on the machine distorts far less).',
        )
      if (load.non2xx > 0)
        notes.push(`**Some calls were not accepted:** ${JSON.stringify(load.statusCodes)}.`)
      return {
        figures: [
          {
            name: 'Validated PutEvents calls/s (10 events each), one core',
            value: load.okPerSecond,
            unit: 'calls/s',
            goal: {
              text: '≥ 5,000 calls/s',
              met: service.kind === 'emulator' ? load.okPerSecond >= 5000 : null,
            },
          },
        ],
        notes,
      }
    } finally {
      await service.stop()
    }
  },
}
