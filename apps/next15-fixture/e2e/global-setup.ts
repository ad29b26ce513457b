import { join } from 'node:path'
import { buildOnce } from '@personalize-kit/test-utils/next-server'

/** Builds the app once per run, unless `.next/BUILD_ID` is newer than its sources and the packages' `dist`. */
export default function setup(): void {
  buildOnce(join(import.meta.dirname, '..'), { packages: ['core', 'next', 'react', 'browser'] })
}
