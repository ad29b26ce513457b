import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The unit tests again, on React 18.2 (where the peer range starts): imports of react and react-dom in the
// sources go through the aliases, CommonJS requires in dependencies through test/use-react-18.cjs.
const modules = fileURLToPath(new URL('./node_modules/', import.meta.url))

export default defineConfig({
  resolve: {
    conditions: ['@personalize-kit/source'],
    alias: [{ find: /^(react|react-dom)(\/.*)?$/, replacement: `${modules}$118$2` }],
  },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'react-18',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['./test/use-react-18.cjs', './test/assert-react-18.ts'],
    restoreMocks: true,
    testTimeout: 30_000,
  },
})
