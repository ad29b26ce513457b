import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const dir = new URL('.', import.meta.url)
const sources = readdirSync(dir).filter((file) => file.endsWith('.ts') && !/\.(test|spec)\.ts$/.test(file))

describe('@personalize-kit/browser sources', () => {
  it.each(sources)(
    '%s imports only sibling browser files (no Node built-ins, no AWS SDK, not the core root)',
    (file) => {
      const code = readFileSync(new URL(file, dir), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n')
      const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1])
      for (const specifier of specifiers) expect(specifier).toMatch(/^\.\/[a-z-]+$/)
    },
  )
})
