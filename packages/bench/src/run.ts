import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { clientBundleBench } from './benches/client-bundle'
import { emulatorThroughputBench } from './benches/emulator-throughput'
import { expressOverheadBench } from './benches/express-overhead'
import { latencyBench } from './benches/latency'
import { memoryBench } from './benches/memory'
import { nextOverheadBench } from './benches/next-overhead'
import { quotaBench } from './benches/quota'
import { recommendationOverheadBench } from './benches/recommendation-overhead'
import { recommendationsThroughputBench } from './benches/recommendations-throughput'
import { recordCostBench } from './benches/record-cost'
import { redisTierBench } from './benches/redis-tier'
import { throughputBench } from './benches/throughput'
import { isRebuildRace, waitForBuiltPackages } from './lib/built-packages'
import { describeMachine } from './lib/machine'
import { summariseProfiles } from './lib/profile-summary'
import { type RunReport, renderMarkdown } from './lib/report'
import { describeRevision } from './lib/revision'
import type { Bench, BenchResult } from './types'

// The SDK's notice about future Node versions is noise in every bench child.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const benches: Bench[] = [
  throughputBench,
  recordCostBench,
  memoryBench,
  latencyBench,
  expressOverheadBench,
  nextOverheadBench,
  clientBundleBench,
  emulatorThroughputBench,
  recommendationOverheadBench,
  redisTierBench,
  recommendationsThroughputBench,
  quotaBench,
]

const args = process.argv.slice(2)
const smoke = args.includes('--smoke')
// A smoke run only proves the suite still works: its numbers are never written over the committed report.
const write = !smoke && !args.includes('--no-write')
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
// Profiling re-runs of missed goals are on by default in a full run; --no-profile skips them.
const profileMisses = !smoke && !args.includes('--no-profile')
const root = fileURLToPath(new URL('../../../', import.meta.url))
const benchDir = fileURLToPath(new URL('../', import.meta.url))

const log = (message: string) => console.log(`[@personalize-kit/bench] ${message}`)

/**
 * Re-runs a bench that missed a goal with only its subject measured, under `--cpu-prof`, and adds a summary of
 * where the time went to its notes. The figures of the re-run are discarded (profiling slows the process down).
 */
async function profileMiss(bench: Bench, result: BenchResult): Promise<void> {
  const profileDir = `${benchDir}profiles/miss-${bench.id}`
  rmSync(profileDir, { recursive: true, force: true })
  mkdirSync(profileDir, { recursive: true })
  log(`  profiling the miss (a re-run under --cpu-prof)…`)
  try {
    const outcome = await bench.run({ smoke, root, log: (m) => log(`    ${m}`), profileDir })
    const lines = summariseProfiles(profileDir)
    result.notes.push(
      `**Where the time goes** (a re-run of the subject only under \`node --cpu-prof\`; the profiles are in ` +
        `packages/bench/profiles/miss-${bench.id}, not committed):`,
      ...lines.map((line) => `  ${line}`),
      ...(outcome.profileNotes ?? []).map((line) => `  ${line}`),
    )
  } catch (error) {
    result.notes.push(`Profiling the miss failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The repository lints Markdown with Biome (`pnpm lint`): let it lay out the report's tables. */
function formatMarkdown(path: string): void {
  try {
    const biome = createRequire(`${root}package.json`).resolve('@biomejs/biome/bin/biome')
    const r = spawnSync(process.execPath, [biome, 'format', '--write', path], { cwd: root, encoding: 'utf8' })
    if (r.status !== 0) log(`biome could not format ${path}: ${r.stderr || r.stdout}`)
  } catch (error) {
    log(`biome could not format ${path}: ${String(error)}`)
  }
}

async function main(): Promise<number> {
  const started = Date.now()
  const machine = describeMachine()
  const results: BenchResult[] = []
  for (const bench of benches) {
    if (only && !only.includes(bench.id)) continue
    log(`${bench.title}${smoke ? ' (smoke)' : ''}…`)
    const t0 = Date.now()
    let result: BenchResult | undefined
    for (let attempt = 1; attempt <= 2; attempt++) {
      const missing = await waitForBuiltPackages(root)
      if (missing.length > 0) {
        const error = `packages not built (missing ${missing.join(', ')}): run \`pnpm build\` first`
        result = {
          id: bench.id,
          title: bench.title,
          status: 'error',
          figures: [],
          notes: [],
          error,
          durationMs: 0,
        }
        break
      }
      try {
        const outcome = await bench.run({ smoke, root, log: (m) => log(`  ${m}`) })
        const { profileNotes: _unused, ...rest } = outcome
        result = { id: bench.id, title: bench.title, status: 'ok', ...rest, durationMs: Date.now() - t0 }
        break
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
        log(`  failed: ${message}`)
        result = {
          id: bench.id,
          title: bench.title,
          status: 'error',
          figures: [],
          notes: [],
          error: message,
          durationMs: Date.now() - t0,
        }
        // A concurrent `pnpm build` emptied a dist while a process started: wait for it and try once more.
        if (!isRebuildRace(message) || attempt === 2) break
        log('  a package was being rebuilt; retrying once')
      }
    }
    results.push(result as BenchResult)
    const last = results[results.length - 1]
    if (last && profileMisses && bench.profile !== false && last.figures.some((f) => f.goal?.met === false)) {
      await profileMiss(bench, last)
    }
    for (const figure of last?.figures ?? []) {
      const goal = figure.goal
        ? ` [goal ${figure.goal.text}: ${figure.goal.met === null ? 'n/a' : figure.goal.met ? 'met' : 'MISSED'}]`
        : ''
      log(
        `  ${figure.name}: ${figure.value?.toFixed(2) ?? 'n/a'} ${figure.unit}${figure.ratio != null ? ` (ratio ${figure.ratio.toFixed(3)})` : ''}${goal}`,
      )
    }
  }
  const report: RunReport = {
    generatedAt: new Date().toISOString(),
    revision: describeRevision(root),
    machine: {
      ...machine,
      loadAverage: { ...machine.loadAverage, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    },
    smoke,
    durationMs: Date.now() - started,
    benches: results,
  }
  if (write) {
    writeFileSync(`${root}BENCHMARKS.md`, renderMarkdown(report))
    writeFileSync(`${root}BENCHMARKS.json`, `${JSON.stringify(report, null, 2)}\n`)
    formatMarkdown(`${root}BENCHMARKS.md`)
    log(`wrote BENCHMARKS.md and BENCHMARKS.json (${((Date.now() - started) / 1000).toFixed(0)} s)`)
  } else {
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s (nothing written)`)
  }
  return results.some((r) => r.status === 'error') ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
