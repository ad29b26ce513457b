import { defineConfig, type UserConfig } from 'tsdown'

const shared: UserConfig = {
  entry: { index: 'src/index.ts', browser: 'src/browser/index.ts', node: 'src/node/index.ts' },
  dts: true,
  sourcemap: true,
  fixedExtension: true,
  target: 'es2022',
  platform: 'neutral',
}

// p-queue 9 (and its p-timeout) ship ESM only, which `require()` cannot load before Node 20.19. The CommonJS build
// therefore carries its own copy; the ESM build imports the real dependency so bundlers can dedupe it.
const esmOnlyDependencies = [/^p-queue(\/|$)/, /^p-timeout(\/|$)/, /^eventemitter3(\/|$)/]

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  {
    ...shared,
    format: 'cjs',
    clean: false,
    deps: { alwaysBundle: esmOnlyDependencies, onlyBundle: esmOnlyDependencies },
  },
])
