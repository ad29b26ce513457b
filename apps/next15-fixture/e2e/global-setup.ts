import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const appDir = join(import.meta.dirname, '..')

function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (['node_modules', '.next', '.turbo', 'e2e'].includes(entry)) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/** Builds the app once per run, unless `.next/BUILD_ID` is newer than its sources and the packages' `dist`. */
export default function setup(): void {
  const builtAt = statSync(join(appDir, '.next', 'BUILD_ID'), { throwIfNoEntry: false })?.mtimeMs ?? 0
  const inputs = [
    appDir,
    ...['core', 'next', 'react', 'browser'].map((name) => join(appDir, '..', '..', 'packages', name, 'dist')),
  ]
  if (process.env.NEXT_E2E_BUILD !== 'always' && builtAt > Math.max(...inputs.map(newestMtime))) return
  const result = spawnSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'inherit', env: process.env })
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`)
}
