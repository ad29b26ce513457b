import { collectorRequests, sessionCookie } from '../lib/collector-requests'
import { cpuRatioNote } from '../lib/cpu-ratio-note'
import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import { type LoadResult, runLoad } from '../lib/load'
import { loadDispatcherFactory } from '../lib/load-core'
import { profileFlags } from '../lib/profile'
import { ratio } from '../lib/stats'
import { startWorker } from '../lib/worker-host'
import type { Bench } from '../types'
import type { ExpressVariant } from '../workers/express-server'

const describeLoad = (name: string, r: LoadResult) =>
  `${name}: ${formatNumber(r.okPerSecond)} 2xx/s, p50 ${formatNumber(r.latencyP50Ms)} ms, p99 ` +
  `${formatNumber(r.latencyP99Ms)} ms, status codes ${JSON.stringify(r.statusCodes)}` +
  (r.serverCpuPerOkUs !== null ? `, server CPU ${formatNumber(r.serverCpuPerOkUs)} µs per response` : '') +
  (r.errors ? `, ${r.errors} errors` : '')

export const expressOverheadBench: Bench = {
  id: 'express',
  title: '5. Express overhead',
  async run(ctx) {
    if (!(await loadDispatcherFactory())) {
      return { status: 'skipped', figures: [], notes: ['`createDispatcher` is not available yet.'] }
    }
    const duration = ctx.smoke ? 1 : ctx.profileDir ? 5 : 10
    const warmupSec = ctx.smoke ? 0.5 : 2
    const connections = 32
    const service = await startService()
    const results = new Map<ExpressVariant, LoadResult>()
    try {
      const variants: ExpressVariant[] = ctx.profileDir
        ? ['get-personalize', 'collector']
        : ['get-bare', 'get-personalize', 'echo', 'collector', 'collector-no-sdk']
      for (const variant of variants) {
        const server = await startWorker('express-server', {
          env: { PERSONALIZE_ENDPOINT: service.url, PERSONALIZE_TRACKING_ID: '' },
          nodeFlags: profileFlags(ctx, `express-${variant}`),
        })
        try {
          const { port } = await server.call<{ port: number }>('start', { variant })
          const origin = `http://127.0.0.1:${port}`
          const load = variant.startsWith('get')
            ? await runLoad({
                url: `${origin}/products/sku-42`,
                serverPid: server.pid,
                connections,
                duration,
                warmupSec,
                headers: { cookie: sessionCookie(1), accept: 'application/json' },
              })
            : await runLoad({
                url: origin,
                serverPid: server.pid,
                connections,
                duration,
                warmupSec,
                requests: collectorRequests(origin, '/api/personalize/events', 1000),
              })
          results.set(variant, load)
          ctx.log(describeLoad(variant, load))
          await server.call('stop')
        } finally {
          await server.stop()
        }
      }
    } finally {
      await service.stop()
    }
    const ok = (v: ExpressVariant) => results.get(v)?.okPerSecond ?? null
    const getRatio = ratio(ok('get-personalize'), ok('get-bare'))
    const collectorRatio = ratio(ok('collector'), ok('echo'))
    const noSdkRatio = ratio(ok('collector-no-sdk'), ok('echo'))
    return {
      figures: [
        {
          name: 'GET route with `app.use(personalize())`',
          value: ok('get-personalize'),
          unit: 'req/s',
          baseline: { name: 'the same route without it', value: ok('get-bare') },
          ratio: getRatio,
          goal: { text: 'ratio ≥ 0.95', met: getRatio !== null && getRatio >= 0.95 },
        },
        {
          name: 'Collector, 5 events per request',
          value: ok('collector'),
          unit: 'req/s',
          baseline: { name: 'bare `express.json()` echo route, same bodies', value: ok('echo') },
          ratio: collectorRatio,
          goal: { text: 'ratio ≥ 0.8', met: collectorRatio !== null && collectorRatio >= 0.8 },
        },
        {
          name: 'Collector with the SDK replaced by a no-op (diagnostic: the collector without sending)',
          value: ok('collector-no-sdk'),
          unit: 'req/s',
          baseline: { name: 'bare `express.json()` echo route', value: ok('echo') },
          ratio: noSdkRatio,
        },
      ],
      notes: [
        ...serviceNote(service.kind),
        `Express 5 in its own process, autocannon (${connections} connections, ${duration} s after a ${warmupSec} s ` +
          'warm-up) in another; only 2xx responses count. GET: `/products/:id` answering a small JSON product, ' +
          "with the visitor's session cookie. POST: 1,000 visitors in turn, each request a same-origin JSON batch " +
          'of 5 events (about 600 bytes) with its session cookie; `app.use(express.json())` in both apps.',
        'The collector validates and queues the events in a dispatcher that sends them (as 10-event PutEvents ' +
          'calls) to the emulator in a third process: the cost of sending is part of the measurement. Its rate ' +
          'limit is lifted (`rateLimits.events: Infinity`) since the emulator enforces no quota.',
        ...[...results].map(([v, r]) => describeLoad(v, r)),
        ...cpuRatioNote(
          'GET with personalize() vs without',
          results.get('get-personalize'),
          results.get('get-bare'),
        ),
        ...cpuRatioNote('Collector vs echo', results.get('collector'), results.get('echo')),
        ...cpuRatioNote(
          'Collector without the SDK vs echo',
          results.get('collector-no-sdk'),
          results.get('echo'),
        ),
      ],
    }
  },
}
