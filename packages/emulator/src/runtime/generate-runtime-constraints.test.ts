import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const pkg = fileURLToPath(new URL('../..', import.meta.url))

describe('scripts/generate-runtime-constraints.mjs', () => {
  it('regenerates exactly the committed runtime constraints from the vendored botocore model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-gen-runtime-'))
    try {
      const out = join(dir, 'runtime-constraints.generated.ts')
      execFileSync(process.execPath, [
        join(pkg, 'scripts/generate-runtime-constraints.mjs'),
        join(pkg, 'model/personalize-runtime.botocore.json'),
        out,
      ])
      expect(readFileSync(out, 'utf8')).toBe(
        readFileSync(join(pkg, 'src/runtime/runtime-constraints.generated.ts'), 'utf8'),
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('vendors the same model as the shared reference copy', () => {
    const shared = join(pkg, '../../../shared/reference/personalize-runtime.botocore.json')
    let reference: string
    try {
      reference = readFileSync(shared, 'utf8')
    } catch {
      return // the shared copy only exists in the workspace this package was developed in
    }
    expect(readFileSync(join(pkg, 'model/personalize-runtime.botocore.json'), 'utf8')).toBe(reference)
  })
})
