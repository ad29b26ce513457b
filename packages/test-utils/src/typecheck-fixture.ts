import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/**
 * Type-checks one fixture file on its own with the package's `tsconfig.json`, so a module augmentation in it (such
 * as a `Register` declaration) cannot leak into the package's other files. A fixture's `// @ts-expect-error` lines
 * are its assertions: tsc fails when an expected error does not happen.
 *
 * @example
 * ```ts
 * const { status, output } = typecheckFixture(new URL('../type-fixtures/register.ts', import.meta.url), packageDir)
 * expect(output).toBe('')
 * ```
 */
export function typecheckFixture(fixture: URL, packageDir: URL): { status: number | null; output: string } {
  // Beside the package's own tsconfig: type roots (`@types/node`) resolve from the config's directory.
  const tsconfig = fileURLToPath(new URL(`tsconfig.fixture-${randomUUID()}.json`, packageDir))
  try {
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { noEmit: true, incremental: false },
        include: [],
        files: [fileURLToPath(fixture)],
      }),
    )
    const tsc = createRequire(fileURLToPath(new URL('package.json', packageDir))).resolve(
      'typescript/bin/tsc',
    )
    const r = spawnSync(process.execPath, [tsc, '-p', tsconfig], {
      cwd: fileURLToPath(packageDir),
      encoding: 'utf8',
    })
    return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() }
  } finally {
    rmSync(tsconfig, { force: true })
  }
}
