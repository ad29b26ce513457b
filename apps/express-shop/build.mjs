// Bundles the browser tracking (src/client/main.tsx, React + @personalize-kit/react) into public/client.js.
// The server serves it when present and falls back to public/tracker.js otherwise.
import { build } from 'esbuild'

const result = await build({
  entryPoints: ['src/client/main.tsx'],
  outfile: 'public/client.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  jsx: 'automatic',
  // Build workspace packages from source, so `pnpm --filter express-shop build` needs no package build first.
  conditions: ['@personalize-kit/source'],
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
})
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0
console.info(`[express-shop] built public/client.js (${(bytes / 1024).toFixed(1)} KiB)`)
