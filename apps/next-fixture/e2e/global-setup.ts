import { join } from 'node:path'
import { buildOnce } from '@personalize-kit/test-utils/next-server'

/**
 * Builds the app once per run, unless the build's log is newer than the app's sources and the workspace packages'
 * `dist` (`turbo run test:e2e` already ran the build).
 */
export default function setup(): void {
  buildOnce(join(import.meta.dirname, '..'), {
    packages: ['core', 'next', 'react', 'browser'],
    stamp: 'build-output.log',
  })
}
