import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber, formatRatio } from '../lib/format'
import { loadDispatcherFactory } from '../lib/load-core'
import { profileFlags } from '../lib/profile'
import { componentCost } from '../lib/profile-summary'
import { ratio } from '../lib/stats'
import { startWorker } from '../lib/worker-host'
import { buildSchedule, optimalCalls } from '../lib/workload'
import type { Bench, Figure } from '../types'
import type { Engine, ThroughputArgs, ThroughputRun } from '../workers/throughput'

const LABELS: Record<Engine, string> = {
  dispatcher: 'personalize-kit dispatcher',
  'dispatcher-default-queue': 'personalize-kit dispatcher with the default maxQueueSize (10,000)',
  'one-per-event': '(a) bare SDK, one PutEvents per event, 16 in flight',
  'session-grouping': "(b) Amplify's approach: shared buffer grouped by session, flush at 10 or every 5 s",
  'pre-grouped': '(c) bare SDK, events pre-grouped into 10-event calls, 16 in flight',
}

/** What the profiles of the dispatcher against (c) point at, should it fall behind (see "Where the time goes"). */
const CPU_PLAN =
  'the profiles put the difference with (c) in what the dispatcher does that (c) does not: validating each event ' +
  '(about 2.5 µs), collecting the records it holds (GC, about 4.7 µs) and the promise hops of each call ' +
  '(deliver, sendWithRetries, the concurrency slot, run: about ten per call). Next: settle a call through one ' +
  'callback chain instead of nested async functions, build the wire events straight from the records, and keep ' +
  'records smaller (one string for the whole serialised event) so fewer bytes are held and collected.'

export const throughputBench: Bench = {
  id: 'throughput',
  title: '1. End-to-end throughput',
  async run(ctx) {
    const events = ctx.smoke ? 2_000 : 100_000
    const sessions = ctx.smoke ? 20 : 1_000
    const warmupEvents = ctx.smoke ? 200 : 3_000
    const optimum = optimalCalls(buildSchedule(events, sessions), sessions)
    const haveDispatcher = (await loadDispatcherFactory()) !== null
    // BENCH_ENGINES=dispatcher,pre-grouped restricts a development run (e.g. to profile); the report needs all.
    const all: Engine[] = [
      'dispatcher',
      'dispatcher-default-queue',
      'one-per-event',
      'session-grouping',
      'pre-grouped',
    ]
    const engines = all.filter(
      (e) =>
        (haveDispatcher || !e.startsWith('dispatcher')) &&
        (!process.env.BENCH_ENGINES || process.env.BENCH_ENGINES.split(',').includes(e)) &&
        (!ctx.profileDir || e === 'dispatcher' || e === 'pre-grouped'),
    )

    const service = await startService()
    const runs = new Map<Engine, ThroughputRun & { stored: number }>()
    try {
      for (const engine of engines) {
        const worker = await startWorker('throughput', {
          nodeFlags: profileFlags(ctx, `throughput-${engine}`),
        })
        try {
          const args: ThroughputArgs = {
            engine,
            url: service.url,
            events,
            sessions,
            warmupEvents,
            trackingId: `bench-${engine}`,
            concurrency: 16,
          }
          const run = await worker.call<ThroughputRun>('run', args)
          const stored = await service.count(args.trackingId)
          runs.set(engine, { ...run, stored })
          ctx.log(
            `${engine}: ${formatNumber((events / run.elapsedMs) * 1000)} events/s, CPU ${formatNumber(run.cpuMs)} ms, ${run.calls} calls ` +
              `(${run.failedCalls} failed ${JSON.stringify(run.errors ?? {})}), ${stored} stored`,
          )
        } finally {
          await worker.stop()
          await service.reset()
        }
      }
    } finally {
      await service.stop()
    }

    const eps = (e: Engine) => {
      const r = runs.get(e)
      return r ? (events / r.elapsedMs) * 1000 : null
    }
    const d = eps('dispatcher')
    const a = eps('one-per-event')
    const b = eps('session-grouping')
    const c = eps('pre-grouped')
    const calls = (e: Engine) => runs.get(e)?.calls ?? null
    const cpuPerEvent = (e: Engine) => {
      const run = runs.get(e)
      return run ? (run.cpuMs * 1000) / events : null
    }
    const ceilingBinds = a !== null && c !== null && c < 8 * a
    const goalTarget = ceilingBinds ? 0.9 * (c as number) : 8 * (a ?? 0)
    const speedGoal = (value: number | null) =>
      value === null || a === null
        ? { text: '≥ 8× (a)', met: null }
        : ceilingBinds
          ? {
              text: `≥ 0.9× (c), because the SDK's own ceiling (c) is below 8× (a) on this machine (needs ${formatNumber(goalTarget)} events/s)`,
              met: value >= goalTarget,
              plan: CPU_PLAN,
            }
          : { text: `≥ 8× (a) (needs ${formatNumber(goalTarget)} events/s)`, met: value >= goalTarget }
    const callsGoal = (engine: Engine) => ({
      text: '≤ 1.05× optimum',
      met: runs.has(engine) ? (ratio(calls(engine), optimum) ?? 99) <= 1.05 : null,
    })

    const figures: Figure[] = []
    const baselines: [Engine, string][] = [
      ['one-per-event', '(a)'],
      ['session-grouping', '(b)'],
      ['pre-grouped', '(c)'],
    ]
    // Both dispatcher runs are judged: the burst (everything queued at once, the case where the calls must be
    // optimal) and the stream with default options (what an app gets out of the box).
    const runsJudged: [Engine, string][] = [
      ['dispatcher', `burst of ${formatNumber(events)} held at once`],
      ['dispatcher-default-queue', 'streamed, default maxQueueSize (10,000)'],
    ]
    for (const [engine, how] of runsJudged) {
      const value = eps(engine)
      if (value === null) continue
      const judgedAgainst: Engine = ceilingBinds ? 'pre-grouped' : 'one-per-event'
      for (const [baseline, short] of baselines) {
        if (engine === 'dispatcher-default-queue' && baseline !== judgedAgainst) continue
        const figure: Figure = {
          name: `Events/s, ${how}, vs ${short}`,
          value,
          unit: 'events/s',
          baseline: { name: LABELS[baseline], value: eps(baseline) },
          ratio: ratio(value, eps(baseline)),
        }
        if (baseline === judgedAgainst) figure.goal = speedGoal(value)
        figures.push(figure)
      }
      figures.push({
        name: `API calls, ${how}, vs optimum`,
        value: calls(engine),
        unit: 'calls',
        baseline: { name: 'optimum: sum over sessions of ceil(n/10)', value: optimum },
        ratio: ratio(calls(engine), optimum),
        goal: callsGoal(engine),
      })
      // Wall-clock ratios swing with whatever else the machine runs; CPU per event is the steadier judge (issue 18).
      const cpu = cpuPerEvent(engine)
      const cpuC = cpuPerEvent('pre-grouped')
      const cpuRatio = ratio(cpu, cpuC)
      figures.push({
        name: `Client CPU per event, ${how}, vs (c)`,
        value: cpu,
        unit: 'µs',
        baseline: { name: LABELS['pre-grouped'], value: cpuC },
        ratio: cpuRatio,
        ratioLabel: '(CPU; smaller is better)',
        goal: {
          text: '≤ 1.1× (c)',
          met: cpuRatio === null ? null : cpuRatio <= 1.1,
          plan: CPU_PLAN,
        },
      })
    }
    if (d === null)
      figures.push({
        name: 'Events/s (dispatcher not available)',
        value: null,
        unit: 'events/s',
        goal: speedGoal(null),
      })
    for (const [engine, short] of baselines) {
      figures.push({
        name: `API calls of ${short} vs optimum`,
        value: calls(engine),
        unit: 'calls',
        baseline: { name: 'optimum', value: optimum },
        ratio: ratio(calls(engine), optimum),
      })
    }

    const notes = [
      ...serviceNote(service.kind),
      `${formatNumber(events)} events from ${formatNumber(sessions)} sessions (seeded, interleaved; 40 % signed in), ` +
        'about 200 bytes of properties each, through `@aws-sdk/client-personalize-events` over loopback HTTP to ' +
        'the emulator in its own process. Each engine runs in a fresh process after a warm-up under another tracker.',
      'The dispatcher runs twice, both judged. Burst: it is given `maxQueueSize: 100,000` and all events in one ' +
        'synchronous loop, then `flush()`: the case where every record is queued before the flush and the calls ' +
        'must be optimal. Stream: default options (maxQueueSize 10,000), events offered 100 per event-loop turn ' +
        'with pushback from the full queue; groups whose oldest record waited `flushIntervalMs` = 1 s may leave ' +
        'before they fill. ' +
        'The dispatcher runs with `concurrency: 16` like (a) and (c), and no rate limit (`rateLimits.events: Infinity`) ' +
        'because the emulator enforces no quota and the baselines have none (the default, 1,000 calls/s, is the AWS quota per dataset ' +
        'group). (a) and (c) send straight from the schedule; (b) is handed all events in one synchronous loop, ' +
        'then drained (like `flushEvents()`).',
    ]
    for (const engine of engines) {
      const r = runs.get(engine)
      if (!r) continue
      notes.push(
        `${LABELS[engine]}: ${formatNumber(r.elapsedMs / 1000)} s, client CPU ${formatNumber(r.cpuMs / 1000)} s ` +
          `(${formatNumber((r.cpuMs * 1000) / events)} µs per event), ${formatNumber(r.calls)} calls ` +
          `(${formatNumber(r.failedCalls)} failed${r.errors ? `: ${JSON.stringify(r.errors)}` : ''}), ` +
          `${formatNumber(r.stored)} of ${formatNumber(events)} events stored` +
          (r.deadLettered ? `, ${formatNumber(r.deadLettered)} dead-lettered` : '') +
          (r.pushedBack ? `, pushed back ${formatNumber(r.pushedBack)} times` : '') +
          '.',
      )
      if (r.stored !== events)
        notes.push(`**${LABELS[engine]} lost ${formatNumber(events - r.stored)} events.**`)
    }
    if (!haveDispatcher)
      notes.push('The dispatcher (`createDispatcher`) is not available yet: only baselines measured.')
    if (d !== null && ceilingBinds)
      notes.push(
        `The SDK's ceiling (c) is ${formatRatio(ratio(c, a))} (a) here, below 8×, so the goal is 0.9× (c) instead.`,
      )
    if (b !== null && a !== null) notes.push(`(b) runs at ${formatRatio(ratio(b, a))} the speed of (a).`)
    const profileNotes: string[] = []
    if (ctx.profileDir) {
      // Both processes also ran their warm-up: count it in the units.
      const units = events + warmupEvents
      const d = componentCost(`${ctx.profileDir}/throughput-dispatcher`, units)
      const c = componentCost(`${ctx.profileDir}/throughput-pre-grouped`, units)
      const keys = [...new Set([...d.keys(), ...c.keys()])]
        .map((k) => [k, (d.get(k) ?? 0) - (c.get(k) ?? 0)] as const)
        .filter(([k]) => k !== '(idle)')
        .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
        .slice(0, 8)
      const total = (m: Map<string, number>) =>
        [...m].reduce((sum, [k, v]) => (k === '(idle)' ? sum : sum + v), 0)
      profileNotes.push(
        `CPU per event, dispatcher vs (c), from the two profiles: ${formatNumber(total(d))} µs vs ` +
          `${formatNumber(total(c))} µs. Largest differences by component: ` +
          keys.map(([k, diff]) => `${k} ${diff >= 0 ? '+' : ''}${formatNumber(diff)} µs`).join(', ') +
          ' (the dispatcher\'s validation and queueing show as personalize-kit; (c) builds its events in "bench workload").',
      )
    }
    return { figures, notes, profileNotes, status: haveDispatcher ? 'ok' : 'skipped' }
  },
}
