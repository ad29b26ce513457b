import { mkdtempSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BuildOptions, build } from 'esbuild'

/**
 * The React lines tested in Chromium: each end of the peer range (`^18.2.0 || ^19.0.0`): 18.2.0, 19.0.0, and the
 * newest 19 the workspace installs.
 */
export type ReactLine = '18' | '19.0' | '19'

const packageDir = new URL('..', import.meta.url).pathname
// React 18.2 and 19.0 are installed beside the newest 19 under aliases (devDependencies).
const aliases = (react: ReactLine): Record<string, string> =>
  react === '19' ? {} : { react: `react${react}`, 'react-dom': `react-dom${react}` }

const shared = (react: ReactLine): BuildOptions & { write: false } => ({
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
 * const script = await browserBundle('e2e/fixture-main.tsx', '18')
 */
export async function browserBundle(entry: string, react: ReactLine): Promise<string> {
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
 * const { render } = await serverModule<{ render: (flush: number) => string }>('e2e/fixture-ssr.tsx', '18')
 */
export async function serverModule<T>(entry: string, react: ReactLine): Promise<T> {
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
