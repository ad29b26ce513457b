import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'redis-soak',
    environment: 'node',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    include: ['src/**/*.soak.test.ts'],
    setupFiles: ['@personalize-kit/test-utils/no-unhandled-rejections'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
})
