import { join } from 'node:path'
import { buildOnce } from '@personalize-kit/test-utils/next-server'

/**
 * Builds the shop once per run, unless `.next/BUILD_ID` is newer than the app's sources and the workspace
 * packages' `dist` (`turbo run test:e2e` already ran `next build`).
 */
export default function setup(): void {
  buildOnce(join(import.meta.dirname, '..'), {
    packages: ['core', 'next', 'react'],
    sources: ['src', 'next.config.ts', 'package.json'],
    forceEnv: 'NEXT_SHOP_E2E_BUILD',
  })
}
