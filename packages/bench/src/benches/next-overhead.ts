import { join } from 'node:path'
import { startNextServer } from '@personalize-kit/test-utils/next-server'
import { measureAlternating } from '../lib/alternate'
import { collectorRequests } from '../lib/collector-requests'
import { cpuRatioNote } from '../lib/cpu-ratio-note'
import { describeLoad } from '../lib/describe-load'
import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import type { LoadResult } from '../lib/load'
import { buildNextApp, hasNextBuild } from '../lib/next-server'
import { profileFlags } from '../lib/profile'
import { ratio } from '../lib/stats'
import type { Bench } from '../types'

const COLLECTOR = '/api/personalize/events'
const ECHO = '/api/bench-echo'

export const nextOverheadBench: Bench = {
  id: 'next',
  title: '6. Next overhead',
  async run(ctx) {
    const appDir = join(ctx.root, 'apps', 'next-shop')
    const notes: string[] = []
    if (!hasNextBuild(appDir, [COLLECTOR, ECHO])) {
      if (ctx.smoke) {
        return {
          status: 'skipped',
          figures: [],
          notes: ['apps/next-shop has no production build with both routes; a smoke run does not build it.'],
        }
      }
      ctx.log('building apps/next-shop (next build)…')
      const t0 = Date.now()
      await buildNextApp(appDir)
      notes.push(
        `apps/next-shop was built first (\`next build\`, ${formatNumber((Date.now() - t0) / 1000)} s).`,
      )
    }
    const duration = ctx.smoke ? 1 : 5
    const rounds = ctx.smoke || ctx.profileDir ? 1 : 2
    const warmupSec = ctx.smoke ? 0.5 : 3
    const connections = 32
    const service = await startService()
    const results = new Map<string, LoadResult>()
    try {
      const server = await startNextServer(appDir, {
        env: { PERSONALIZE_ENDPOINT: service.url, PERSONALIZE_TRACKING_ID: '' },
        // Next itself under the profile flags; SIGINT lets it exit normally (a CPU profile is only written then).
        nodeFlags: profileFlags(ctx, 'next-start'),
        stopSignal: 'SIGINT',
        killAfterMs: 15_000,
        readyPath: '/api/bench-echo',
        readyInit: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
      })
      try {
        const routes: [string, string][] = ctx.profileDir
          ? [['collector', COLLECTOR]]
          : [
              ['echo', ECHO],
              ['collector', COLLECTOR],
            ]
        const measured = await measureAlternating(
          routes.map(([key, path]) => ({
            key,
            options: {
              url: server.url,
              serverPid: server.pid,
              connections,
              requests: collectorRequests(server.url, path, 1000),
            },
          })),
          { rounds, durationSec: duration, warmupSec, pauseSec: ctx.smoke ? 0 : 1.5, log: ctx.log },
        )
        for (const [key, load] of measured) results.set(key, load)
      } finally {
        await server.stop()
      }
    } finally {
      await service.stop()
    }
    const ok = (name: string) => results.get(name)?.okPerSecond ?? null
    const r = ratio(ok('collector'), ok('echo'))
    return {
      figures: [
        {
          name: 'Collector route (`@personalize-kit/next/route`), 5 events per request',
          value: ok('collector'),
          unit: 'req/s',
          baseline: { name: 'bare route handler echoing the same JSON', value: ok('echo') },
          ratio: r,
          goal: {
            text: 'ratio ≥ 0.8',
            met: r !== null && r >= 0.8,
            plan:
              "most of the gap is delivery, which the bare route does not do: each visitor's batch of 5 is its own " +
              'PutEvents call within the 1 s bound, and one SDK call costs the client about as much CPU as the ' +
              'collector itself (compare the Express collector with and without the SDK). Next: a no-SDK ' +
              "diagnostic for this route as for Express's, then the per-call work of item 1.",
          },
        },
      ],
      notes: [
        ...serviceNote(service.kind),
        ...notes,
        `\`next start\` of apps/next-shop (Next 16, production build) in its own process; autocannon ` +
          `(${connections} connections) in another. After a ${warmupSec} s warm-up of each route, they are measured ` +
          `in ${rounds} alternating rounds of ${duration} s (1.5 s apart) and each keeps its best; only 2xx ` +
          'responses count. Both routes get the same requests: 1,000 visitors in turn, each a same-origin JSON ' +
          'batch of 5 events with its session cookie. The baseline is `app/api/bench-echo/route.ts`, which ' +
          'parses and echoes the body.',
        "The collector route is the shop's zero-config `export { POST } from '@personalize-kit/next/route'` with " +
          "the shop's default options (dispatcher from the environment, default rate limit of 1,000 calls/s, " +
          'delivery handed to `after()`), sending to the emulator in a third process.',
        ...[...results].map(([name, load]) => describeLoad(name, load)),
        ...cpuRatioNote('Collector route vs bare route', results.get('collector'), results.get('echo')),
      ],
    }
  },
}
