import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'redis',
    environment: 'node',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.e2e.test.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    restoreMocks: true,
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Every file starts its own redis-server and emulator; two cores are plenty busy with one file at a time.
    fileParallelism: false,
  },
})
