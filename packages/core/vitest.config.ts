import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@personalize-kit/source'] },
  ssr: { resolve: { conditions: ['@personalize-kit/source'] } },
  test: {
    name: 'core',
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['src/test-setup/no-unhandled-rejections.ts'],
    restoreMocks: true,
    testTimeout: 30_000,
  },
})
