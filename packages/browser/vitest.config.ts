import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'browser',
    environment: 'node',
    include: ['src/**/*.test.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    restoreMocks: true,
    testTimeout: 30_000,
  },
})
