import { defineConfig, mergeConfig } from 'vitest/config'
import base from './vitest.config'

// The same unit tests against Next.js 15 (the `next-15` alias of next@15.5), the lower half of the peer range:
// every `next/server` and `next/headers` import, in the tests and in the package, resolves to Next 15.
export default mergeConfig(
  base,
  defineConfig({
    resolve: {
      alias: [{ find: /^next\/(server|headers)(\.js)?$/, replacement: 'next-15/$1.js' }],
    },
    test: { name: 'next (Next.js 15)' },
  }),
)
