import { defineConfig } from 'tsdown'

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    fixedExtension: true,
    target: 'es2022',
    platform: 'node',
  },
  {
    // The personalize-relay bin: ESM only, no types.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    fixedExtension: true,
    target: 'es2022',
    platform: 'node',
  },
])
