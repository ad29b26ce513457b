import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BuildOptions, build } from 'esbuild'

/** The React majors the peer range claims, each tested in Chromium. */
export type ReactMajor = 18 | 19

const packageDir = new URL('..', import.meta.url).pathname
// React 18 is installed beside 19 under the aliases react18 / react-dom18 (devDependencies).
const aliases = (react: ReactMajor): Record<string, string> =>
  react === 18 ? { react: 'react18', 'react-dom': 'react-dom18' } : {}

const shared = (react: ReactMajor): BuildOptions & { write: false } => ({
  bundle: true,
  write: false,
  absWorkingDir: packageDir,
  alias: aliases(react),
  jsx: 'automatic',
  conditions: ['@personalize-kit/source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
})

/**
 * The browser script for `entry`, bundled with the given React major.
 *
 * @example
 * const script = await browserBundle('e2e/fixture-main.tsx', 18)
 */
export async function browserBundle(entry: string, react: ReactMajor): Promise<string> {
  const result = await build({
    ...shared(react),
    entryPoints: [join(packageDir, entry)],
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
  })
  return result.outputFiles[0]!.text
}

/**
 * Loads a server-render module bundled with the given React major (so React 18 renders what React 18 hydrates).
 *
 * @example
 * const { render } = await serverModule<{ render: (flush: number) => string }>('e2e/fixture-ssr.tsx', 18)
 */
export async function serverModule<T>(entry: string, react: ReactMajor): Promise<T> {
  const result = await build({
    ...shared(react),
    entryPoints: [join(packageDir, entry)],
    format: 'cjs',
    platform: 'node',
    target: 'node20',
  })
  const file = join(mkdtempSync(join(tmpdir(), `pk-ssr-react${react}-`)), 'ssr.cjs')
  writeFileSync(file, result.outputFiles[0]!.text)
  return createRequire(import.meta.url)(file) as T
}
