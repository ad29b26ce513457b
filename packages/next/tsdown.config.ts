import { defineConfig } from 'tsdown'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    route: 'src/route.ts',
    client: 'src/client.ts',
    pages: 'src/pages.ts',
    proxy: 'src/proxy.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  fixedExtension: true,
  target: 'es2022',
  platform: 'neutral',
})
