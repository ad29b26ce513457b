#!/usr/bin/env node
// Runs a pnpm command on another Node line: `node scripts/test-node.mjs 22 test` runs `pnpm test` (turbo, with
// its parallelism) with Node 22 first on PATH, so every `node` that pnpm, turbo and vitest start is Node 22. The
// binary comes from the npm registry's `node` package (`npx -y node@22`), so the machine's own Node may be older.
// PK_NODE_MAJOR is part of turbo's task hash, so a result cached on one Node line is never replayed for another.
import { spawnSync } from 'node:child_process'
import { dirname } from 'node:path'

const [major, ...pnpmArgs] = process.argv.slice(2)
if (!/^\d+$/.test(major ?? '') || pnpmArgs.length === 0) {
  console.error('usage: node scripts/test-node.mjs <node major> <pnpm arguments…>')
  process.exit(2)
}

const probe = spawnSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], { encoding: 'utf8' })
const nodePath = probe.stdout.trim()
if (probe.status !== 0 || !nodePath) {
  console.error(`[personalize-kit] could not get Node ${major} from npm: ${probe.stderr}`)
  process.exit(1)
}
const env = {
  ...process.env,
  PATH: `${dirname(nodePath)}:${process.env.PATH}`,
  PK_NODE_MAJOR: major,
}
const seen = spawnSync('pnpm', ['exec', 'node', '--version'], { encoding: 'utf8', env }).stdout.trim()
if (!seen.startsWith(`v${major}.`)) {
  console.error(`[personalize-kit] wanted Node ${major} under pnpm, got ${seen || 'nothing'}`)
  process.exit(1)
}
console.log(`[personalize-kit] Node ${seen}: pnpm ${pnpmArgs.join(' ')}`)
const r = spawnSync('pnpm', pnpmArgs, { stdio: 'inherit', env })
process.exit(r.status ?? 1)
