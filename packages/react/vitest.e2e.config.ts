import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'react-e2e',
    environment: 'node',
    include: ['**/*.spec.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    exclude: ['**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
