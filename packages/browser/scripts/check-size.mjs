#!/usr/bin/env node
// Fails when the browser tracker exceeds its budget of 1.5 KiB minified and gzipped, measured the way
// an app ships it: bundled from source, production mode, minified.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const BUDGET_BYTES = 1536

const result = await build({
  entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  conditions: ['@personalize-kit/source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
})
const code = result.outputFiles[0].contents
const gzipped = gzipSync(code, { level: 9 }).length
const line = `[@personalize-kit/browser] tracker: ${code.length} B min, ${gzipped} B min+gzip (budget ${BUDGET_BYTES} B)`
if (gzipped > BUDGET_BYTES) {
  console.error(`${line}: over budget`)
  process.exit(1)
}
console.log(line)
