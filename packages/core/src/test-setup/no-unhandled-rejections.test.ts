import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

it('fails exactly the test that left a promise rejection unhandled', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-setup-'))
  try {
    const config = join(dir, 'vitest.fixture.config.mjs')
    writeFileSync(
      config,
      `export default { root: ${JSON.stringify(root)}, test: { include: ['src/test-setup/unhandled-rejection.fixture.ts'], setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'] } }\n`,
    )
    const vitest = join(
      dirname(createRequire(join(root, 'package.json')).resolve('vitest/package.json')),
      'vitest.mjs',
    )
    const run = spawnSync(process.execPath, [vitest, 'run', '--config', config, '--reporter', 'verbose'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 60_000,
    })
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.status, output).not.toBe(0)
    expect(output).toMatch(/×.*leaks a rejection/)
    expect(output).toMatch(/✓.*stays green on its own/)
    expect(output).toContain('unhandled promise rejection(s) during this test')
    expect(output).toContain('lost-on-purpose')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
