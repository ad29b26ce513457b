import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'emulator-e2e',
    environment: 'node',
    include: ['src/**/*.spec.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time keeps a loaded 2-core machine responsive.
    fileParallelism: false,
  },
})
