import { defineConfig } from 'vitest/config'

// End-to-end on Next.js 15.5: `next build` once (global setup), then `next start` against an in-process emulator.
export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'next15-fixture-e2e',
    environment: 'node',
    include: ['e2e/**/*.spec.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    retry: process.env.CI ? 1 : 0,
  },
})
