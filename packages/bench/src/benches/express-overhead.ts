import { measureAlternating } from '../lib/alternate'
import { collectorRequests, sessionCookie } from '../lib/collector-requests'
import { cpuRatioNote } from '../lib/cpu-ratio-note'
import { describeLoad } from '../lib/describe-load'
import { serviceNote, startService } from '../lib/emulator-host'
import type { LoadResult } from '../lib/load'
import { loadDispatcherFactory } from '../lib/load-core'
import { profileFlags } from '../lib/profile'
import { ratio } from '../lib/stats'
import { startWorker, type WorkerHandle } from '../lib/worker-host'
import type { Bench } from '../types'
import type { ExpressVariant } from '../workers/express-server'

export const expressOverheadBench: Bench = {
  id: 'express',
  title: '5. Express overhead',
  async run(ctx) {
    if (!(await loadDispatcherFactory())) {
      return { status: 'skipped', figures: [], notes: ['`createDispatcher` is not available yet.'] }
    }
    const duration = ctx.smoke ? 1 : 5
    const rounds = ctx.smoke || ctx.profileDir ? 1 : 2
    const warmupSec = ctx.smoke ? 0.5 : 2
    const connections = 32
    const service = await startService()
    const variants: ExpressVariant[] = ctx.profileDir
      ? ['get-personalize', 'collector-no-sdk']
      : ['get-bare', 'get-personalize', 'echo', 'collector', 'collector-no-sdk']
    const servers: { variant: ExpressVariant; worker: WorkerHandle; origin: string }[] = []
    let results = new Map<ExpressVariant, LoadResult & { rounds: number[] }>()
    try {
      for (const variant of variants) {
        const worker = await startWorker('express-server', {
          env: { PERSONALIZE_ENDPOINT: service.url, PERSONALIZE_TRACKING_ID: '' },
          nodeFlags: profileFlags(ctx, `express-${variant}`),
        })
        const { port } = await worker.call<{ port: number }>('start', { variant })
        servers.push({ variant, worker, origin: `http://127.0.0.1:${port}` })
      }
      results = await measureAlternating(
        servers.map(({ variant, worker, origin }) => ({
          key: variant,
          options: variant.startsWith('get')
            ? {
                url: `${origin}/products/sku-42`,
                serverPid: worker.pid,
                connections,
                headers: { cookie: sessionCookie(1), accept: 'application/json' },
              }
            : {
                url: origin,
                serverPid: worker.pid,
                connections,
                requests: collectorRequests(origin, '/api/personalize/events', 1000),
              },
        })),
        { rounds, durationSec: duration, warmupSec, pauseSec: ctx.smoke ? 0 : 1.5, log: ctx.log },
      )
    } finally {
      for (const { worker } of servers) {
        await worker.call('stop').catch(() => {})
        await worker.stop()
      }
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
          goal: {
            text: 'ratio ≥ 0.97',
            met: getRatio !== null && getRatio >= 0.97,
            plan:
              'judge by the server CPU per response below (the wall-clock rounds of these two apps swing more than ' +
              'the gap); the middleware builds one `req.personalize` object per request: make it a getter on a ' +
              'per-app request prototype so a request that never touches it allocates nothing.',
          },
        },
        {
          // Judged: the collector itself (issue 18). Delivery is judged by the throughput bench (item 1).
          name: 'Collector, 5 events per request, with the SDK replaced by a no-op (the collector without sending)',
          value: ok('collector-no-sdk'),
          unit: 'req/s',
          baseline: { name: 'bare `express.json()` echo route, same bodies', value: ok('echo') },
          ratio: noSdkRatio,
          goal: {
            text: 'ratio ≥ 0.8',
            met: noSdkRatio !== null && noSdkRatio >= 0.8,
            plan:
              'what is left is spread over the steps the echo route does not take (session cookie, origin, rate ' +
              'limits, validation, queueing, and the call each request causes): next, write the answer with one ' +
              '`res.writeHead` and a 202 body joined from the accepted ids, and build the wire events straight from ' +
              'the records.',
          },
        },
        {
          name: 'Collector, 5 events per request, sending to the emulator (context: includes delivery)',
          value: ok('collector'),
          unit: 'req/s',
          baseline: { name: 'bare `express.json()` echo route', value: ok('echo') },
          ratio: collectorRatio,
        },
      ],
      notes: [
        ...serviceNote(service.kind),
        `Express 5, each app in its own process (all started up front), autocannon (${connections} connections) in ` +
          `another. After a ${warmupSec} s warm-up of each, the apps are measured in ${rounds} alternating rounds of ` +
          `${duration} s (A…E, then E…A, 1.5 s apart) and each keeps its best round; only 2xx responses count. ` +
          'GET: `/products/:id` answering a small JSON product, ' +
          "with the visitor's session cookie. POST: 1,000 visitors in turn, each request a same-origin JSON batch " +
          'of 5 events (about 600 bytes) with its session cookie; `app.use(express.json())` in both apps.',
        'The collector validates and queues the events in a dispatcher that sends them to the emulator in another ' +
          "process: the cost of sending is part of the measurement. With 1,000 visitors in turn, a visitor's next " +
          'batch comes after its group was sent at the 1 s interval, so calls carry about 5 events each. The ' +
          'rate limit is lifted (`rateLimits.events: Infinity`) since the emulator enforces no quota.',
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
