// Runs the libraries' unit tests on Node 24 (the npm registry's `node` package), as the engines field promises.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

const vitest = resolve('node_modules/vitest/vitest.mjs')
for (const dir of readdirSync('packages')) {
  if (dir === 'bench' || dir === 'test-utils') continue
  const cwd = join('packages', dir)
  console.log(`[personalize-kit] Node 24: ${cwd}`)
  const r = spawnSync('npx', ['-y', 'node@24', vitest, 'run'], { cwd, stdio: 'inherit', env: process.env })
  if (r.status !== 0) process.exit(r.status || 1)
}
