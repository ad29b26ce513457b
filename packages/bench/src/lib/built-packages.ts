import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** The built entry points the benches load (unless `BENCH_SOURCE=1`). */
const ENTRIES = [
  'core/dist/index.mjs',
  'core/dist/browser.mjs',
  'core/dist/node.mjs',
  'emulator/dist/index.mjs',
  'express/dist/index.mjs',
  'react/dist/index.mjs',
]

/**
 * Waits (up to `timeoutMs`) until every package the benches load is built: on a shared checkout a concurrent
 * `pnpm build` empties `dist` for a few seconds. Resolves with the entries still missing (none when ready).
 */
export async function waitForBuiltPackages(root: string, timeoutMs = 120_000): Promise<string[]> {
  if (process.env.BENCH_SOURCE === '1') return []
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const missing = ENTRIES.filter((entry) => !existsSync(join(root, 'packages', entry)))
    if (missing.length === 0 || Date.now() > deadline) return missing
    await sleep(1000)
  }
}

/** Errors that mean a package was being rebuilt while a bench started a process, worth one retry. */
export function isRebuildRace(message: string): boolean {
  return /ERR_MODULE_NOT_FOUND|Could not resolve "@personalize-kit|exited before it was ready/.test(message)
}
