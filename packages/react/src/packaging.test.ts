// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const packageDir = new URL('..', import.meta.url).pathname
// Built into a temporary directory so a concurrent `pnpm build` of dist/ is never disturbed.
const outDir = mkdtempSync(join(tmpdir(), 'pk-react-dist-'))
const read = (file: string) => readFileSync(join(outDir, file), 'utf8')
// Skips comment lines: the TSDoc examples kept in dist contain import statements of their own.
const specifiers = (code: string) =>
  code
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .flatMap((line) => [...line.matchAll(/(?:from\s*|require\(|import\()\s*["']([^"']+)["']/g)])
    .map((match) => match[1])

beforeAll(() => {
  execFileSync('pnpm', ['exec', 'tsdown', '--out-dir', outDir, '--no-dts', '--no-sourcemap'], {
    cwd: packageDir,
    stdio: 'pipe',
  })
}, 120_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

describe.each(['index.mjs', 'index.cjs'])('built %s', (file) => {
  it("starts with 'use client' on line 1, so React Server Components treat it as a client module", () => {
    expect(read(file).split('\n')[0]).toMatch(/^["']use client["'];?$/)
  })

  it('imports only React and @personalize-kit/browser (no AWS SDK, no Node built-ins)', () => {
    expect(new Set(specifiers(read(file)))).toEqual(new Set(['@personalize-kit/browser', 'react']))
  })
})
