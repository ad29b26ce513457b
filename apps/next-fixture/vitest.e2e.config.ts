import { defineConfig } from 'vitest/config'

// End-to-end: `next build` once (global setup), then each spec starts `next start` on a free port against an
// in-process emulator. No mocks anywhere: the real Next.js server, the real AWS SDK, the emulator over HTTP.
export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'next-fixture-e2e',
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
