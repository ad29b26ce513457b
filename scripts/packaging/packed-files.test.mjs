import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { installedPackages, testCodeIn } from './packed-files.mjs'

test('testCodeIn finds every kind of test code the issue lists, and nothing else', () => {
  const test = [
    'src/dispatcher/ordering.test.ts',
    'src/e2e/app.spec.ts',
    'src/dispatcher/harness.test.helpers.ts',
    'src/dispatcher/exit-check.test.fixture.ts',
    'src/test-setup/unhandled-rejection.fixture.ts',
    'src/test-setup/setup.ts',
    'src/test-fixtures.ts',
    'src/test-helpers.tsx',
    'src/testing/redis-server.ts',
  ]
  const shipped = [
    'dist/index.mjs',
    'src/collector/create-collector.ts',
    'src/attest.ts',
    'LICENSE',
    'README.md',
  ]
  assert.deepEqual(testCodeIn([...test, ...shipped]), test)
})

test('installedPackages lists plain, scoped and nested packages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-nm-'))
  try {
    for (const p of ['react', '@personalize-kit/react', '@personalize-kit/react/node_modules/inner', '.bin'])
      mkdirSync(join(dir, p), { recursive: true })
    assert.deepEqual(installedPackages(dir), ['@personalize-kit/react', 'inner', 'react'])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
