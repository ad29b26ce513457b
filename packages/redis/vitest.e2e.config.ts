import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'redis-e2e',
    environment: 'node',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['src/**/*.e2e.test.ts'],
    // Timing-sensitive (quota windows) and multi-process: one file at a time.
    fileParallelism: false,
    // Quota windows are measured to the millisecond at the service; on a runner shared with other jobs a process
    // can stall for longer than the 5 % (50 ms in a second) the check allows. A real overshoot fails three times.
    retry: 2,
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
})
