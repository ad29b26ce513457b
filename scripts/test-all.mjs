#!/usr/bin/env node
// The whole test suite, as CI and the README run it: lint, types, build, unit tests (Node 22 and 24),
// packaging checks, changesets status, the dependency audit, browser end-to-end tests and a benchmark smoke run.
// Node 22 is the floor the packages claim (engines): unit tests of packages and apps and the end-to-end tests run on
// it, the packages' unit tests again on Node 24; the machine's own Node (20 is fine) only launches them.
// Each step streams its output; the first failure stops the run with a non-zero exit code.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { ensureChromium } from './ensure-chromium.mjs'

const steps = [
  ['lint', 'pnpm', ['lint']],
  ['build', 'pnpm', ['build']],
  ['typecheck', 'pnpm', ['typecheck']],
  [
    'README code blocks (type-check against dist, run the emulator client examples)',
    'node',
    ['scripts/check-readme-snippets.mjs'],
  ],
  [
    'turbo build inputs (README and test edits keep builds cached)',
    'node',
    ['scripts/check-turbo-inputs.mjs'],
  ],
  ['unit tests (Node 22, packages and apps)', 'node', ['scripts/test-node.mjs', '22', 'test']],
  [
    'unit tests (Node 24, packages)',
    'node',
    ['scripts/test-node.mjs', '24', 'exec', 'turbo', 'run', 'test', '--filter=./packages/*'],
  ],
  ['package checks (publint, attw, bundle size)', 'pnpm', ['check:package']],
  [
    'packed tarballs (LICENSE, no test code; npm install of @personalize-kit/react brings no AWS SDK)',
    'node',
    ['scripts/check-packed.mjs'],
  ],
  ['API reference (typedoc, not written)', 'pnpm', ['run', 'docs', '--emit', 'none']],
  ['changesets status', 'pnpm', ['changeset', 'status']],
  ['audit (prod, high)', 'node', ['scripts/audit.mjs']],
  ['end-to-end tests (headless Chromium, Node 22)', 'node', ['scripts/test-node.mjs', '22', 'test:e2e']],
  [
    'newcomer test (tarballs npm-installed into fresh Express 5 and 4 and Next apps, READMEs as written, Node 22)',
    'node',
    ['scripts/test-node.mjs', '22', 'exec', 'node', 'scripts/newcomer.mjs'],
  ],
  [
    'demo (pnpm demo --simulate, then Ctrl-C) and the scripts’ unit tests',
    'node',
    [
      '--test',
      'scripts/demo/helpers.test.mjs',
      'scripts/readme-snippets/helpers.test.mjs',
      'scripts/packaging/packed-files.test.mjs',
      'scripts/demo.test.mjs',
    ],
  ],
  ['benchmark smoke run', 'pnpm', ['--filter', '@personalize-kit/bench', 'bench:smoke']],
]

const only = process.argv.slice(2)
const started = Date.now()
const times = []
for (const [name, cmd, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue
  if (name.startsWith('end-to-end')) process.env.CHROMIUM_PATH ??= ensureChromium()
  if (name.startsWith('benchmark') && !existsSync('packages/bench/src/run.ts')) continue
  const t0 = Date.now()
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env })
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed after ${secs}s (exit ${r.status ?? r.signal})`)
    process.exit(r.status || 1)
  }
  times.push([name, secs])
  console.log(`✔ ${name} (${secs}s)`)
}
const total = (Date.now() - started) / 1000
console.log(`\nStep times:\n${times.map(([n, secs]) => `  ${secs.padStart(7)}s  ${n}`).join('\n')}`)
console.log(`\nAll checks passed in ${total.toFixed(0)}s`)
// .ci/run has 90 minutes; say so while there is still room rather than when a run gets cut off.
if (total > 75 * 60)
  console.warn(`[personalize-kit] WARNING: ${(total / 60).toFixed(0)} of CI's 90 minutes used`)
