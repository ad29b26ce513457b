/**
 * With `BENCH_CPU_PROF=1`, Node flags that make a measured child write a V8 CPU profile to
 * packages/bench/profiles/ (open it in Chrome DevTools or speedscope). Used to find the cause of a missed goal.
 */
export function profileFlags(name: string): string[] {
  if (process.env.BENCH_CPU_PROF !== '1') return []
  // One directory per bench: Node writes one profile per thread (the tsx loader has its own).
  return ['--cpu-prof', `--cpu-prof-dir=profiles/${name}`]
}
