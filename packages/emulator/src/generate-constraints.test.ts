import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const pkg = fileURLToPath(new URL('..', import.meta.url))

describe('scripts/generate-constraints.mjs', () => {
  it('regenerates exactly the committed constraints module from the vendored model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-gen-'))
    try {
      const out = join(dir, 'constraints.generated.ts')
      execFileSync(process.execPath, [
        join(pkg, 'scripts/generate-constraints.mjs'),
        join(pkg, 'model/personalize-events.smithy.json'),
        out,
      ])
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(pkg, 'src/constraints.generated.ts'), 'utf8'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
