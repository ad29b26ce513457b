import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const appDir = join(import.meta.dirname, '..')

describe('importing the server entry from a Client Component', () => {
  it('fails next build with one message that names @personalize-kit/next/client', () => {
    // A one-page app whose 'use client' page imports createPersonalize from '@personalize-kit/next'.
    const result = spawnSync('pnpm', ['exec', 'next', 'build', 'e2e/client-import-app'], {
      cwd: appDir,
      encoding: 'utf8',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      timeout: 240_000,
    })
    const output = `${result.stdout}${result.stderr}`

    expect(result.status, output).not.toBe(0)
    expect(output).toContain("'server-only' cannot be imported from a Client Component module")
    expect(output).toContain("In a Client Component, import from '@personalize-kit/next/client' instead.")
    expect(output).toContain('client-import-app/app/page.tsx')
    // Not the bundler's "export doesn't exist" complaint it gave before, and no advice about `runtime`.
    expect(output).not.toMatch(/doesn't exist in target module|runtime = 'nodejs'/)
  }, 300_000)
})
