import { defineConfig } from 'vitest/config'

// End-to-end: `next build` once (global setup, skipped when .next is newer than every input), then each spec
// file starts `next start` on a free port against an in-process emulator and drives it with headless Chromium.
export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'next-shop-e2e',
    environment: 'node',
    include: ['e2e/**/*.spec.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    retry: process.env.CI ? 1 : 0,
  },
})
