import { setTimeout as sleep } from 'node:timers/promises'
import type { Options } from 'autocannon'
import { type LoadResult, runLoad } from './load'

/** One load target of an alternating comparison. */
export interface Target<K extends string> {
  key: K
  options: Options & { serverPid?: number }
}

/**
 * Measures several targets in alternating rounds (A B C, then C B A, …) after warming each up, and keeps each
 * target's best round: on a machine where other work comes and goes, alternating spreads the disturbance over
 * every target and the best round is the closest to what the target can do. Server CPU per response is
 * aggregated over all rounds.
 */
export async function measureAlternating<K extends string>(
  targets: Target<K>[],
  options: {
    rounds: number
    durationSec: number
    warmupSec: number
    pauseSec?: number
    log?: (m: string) => void
  },
): Promise<Map<K, LoadResult & { rounds: number[] }>> {
  for (const t of targets) {
    if (options.warmupSec > 0) await runLoad({ ...t.options, duration: options.warmupSec, warmupSec: 0 })
  }
  const runs = new Map<K, LoadResult[]>()
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse()
    for (const t of order) {
      // A pause first, so work a previous target left behind (a dispatcher sending its backlog) is done.
      if (options.pauseSec) await sleep(options.pauseSec * 1000)
      const r = await runLoad({ ...t.options, duration: options.durationSec, warmupSec: 0 })
      runs.set(t.key, [...(runs.get(t.key) ?? []), r])
    }
  }
  const out = new Map<K, LoadResult & { rounds: number[] }>()
  for (const [key, list] of runs) {
    const best = list.reduce((a, b) => (b.okPerSecond > a.okPerSecond ? b : a))
    const ok = list.reduce((sum, r) => sum + r.ok, 0)
    const cpu = list.every((r) => r.serverCpuMs !== null)
      ? list.reduce((sum, r) => sum + (r.serverCpuMs as number), 0)
      : null
    const statusCodes: Record<string, number> = {}
    for (const r of list)
      for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n
    out.set(key, {
      ...best,
      statusCodes,
      serverCpuMs: cpu,
      serverCpuPerOkUs: cpu === null || ok === 0 ? null : (cpu * 1000) / ok,
      rounds: list.map((r) => r.okPerSecond),
    })
    options.log?.(
      `${key}: best ${Math.round(best.okPerSecond)} 2xx/s of rounds ${list.map((r) => Math.round(r.okPerSecond)).join(', ')}`,
    )
  }
  return out
}
