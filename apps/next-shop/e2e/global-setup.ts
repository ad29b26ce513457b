import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const appDir = join(import.meta.dirname, '..')

/** Newest modification time under `path` (files only), ignoring build output and dependencies. */
function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === '.next' || entry === '.turbo') continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/**
 * Builds the shop once per run. `turbo run test:e2e` already ran `next build` (the task depends on `build`), so
 * the build is skipped when `.next/BUILD_ID` is newer than the app's sources and the workspace packages' `dist`.
 */
export default function setup(): void {
  const builtAt = statSync(join(appDir, '.next', 'BUILD_ID'), { throwIfNoEntry: false })?.mtimeMs ?? 0
  const inputs = [
    join(appDir, 'src'),
    join(appDir, 'next.config.ts'),
    join(appDir, 'package.json'),
    ...['core', 'next', 'react'].map((name) => join(appDir, '..', '..', 'packages', name, 'dist')),
  ]
  if (process.env.NEXT_SHOP_E2E_BUILD !== 'always' && builtAt > Math.max(...inputs.map(newestMtime))) return
  const result = spawnSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'inherit', env: process.env })
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`)
}
