import type { BenchContext } from '../types'

/**
 * Node flags that make a measured child write V8 CPU profiles: into `ctx.profileDir/<name>` during the
 * profiling re-run of a missed goal, or into packages/bench/profiles/<name> with `BENCH_CPU_PROF=1` (development;
 * open them in Chrome DevTools or speedscope). One directory per process: Node writes one profile per thread.
 */
export function profileFlags(ctx: BenchContext, name: string): string[] {
  if (ctx.profileDir) return ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}/${name}`]
  if (process.env.BENCH_CPU_PROF === '1') return ['--cpu-prof', `--cpu-prof-dir=profiles/${name}`]
  return []
}
