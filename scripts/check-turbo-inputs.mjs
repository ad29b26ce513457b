#!/usr/bin/env node
// Checks turbo.json's build `inputs`: a README or a test edit must leave a package's build hash unchanged (so CI
// and local runs reuse the cached build), while a source edit must change it (so no stale dist is replayed).
// It adds three throwaway untracked files to packages/browser (turbo hashes those too) and removes them again.
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PKG = join(ROOT, 'packages/browser')
const TASK = '@personalize-kit/browser#build'

const buildHash = () => {
  const out = execFileSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@personalize-kit/browser', '--dry=json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  )
  return JSON.parse(out).tasks.find((t) => t.taskId === TASK).hash
}

const probes = {
  'a README': ['zz-turbo-probe.md', '# probe\n', false],
  'a test': ['src/zz-turbo-probe.test.ts', 'export {}\n', false],
  'a source file': ['src/zz-turbo-probe.ts', 'export const probe = 1\n', true],
}
const problems = []
const before = buildHash()
for (const [what, [file, content, shouldChange]] of Object.entries(probes)) {
  const path = join(PKG, file)
  try {
    writeFileSync(path, content)
    const changed = buildHash() !== before
    if (changed !== shouldChange)
      problems.push(`adding ${what} (${file}) ${changed ? 'changes' : 'does not change'} the build hash`)
  } finally {
    rmSync(path, { force: true })
  }
}
if (problems.length) {
  console.error(`[check-turbo-inputs] turbo.json build inputs are wrong:\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log('[check-turbo-inputs] README and test edits keep the build cached; source edits rebuild')
