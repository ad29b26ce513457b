// Pure helpers of scripts/check-packed.mjs (unit-tested in packed-files.test.mjs).
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const TEST_CODE = [
  /(^|\/)[^/]*\.(test|spec)\.[^/]+$/,
  /(^|\/)[^/]*\.test\.helpers\.[^/]+$/,
  /(^|\/)[^/]*fixtures?\.[^/]+$/,
  /(^|\/)test-[^/]*$/,
  /(^|\/)(test-setup|testing|__tests__|__fixtures__|e2e)\//,
]

/**
 * The packed paths that are test code: tests, specs, fixtures, test helpers and test set-up folders.
 *
 * @example
 * testCodeIn(['dist/index.mjs', 'src/test-helpers.tsx']) // ['src/test-helpers.tsx']
 */
export const testCodeIn = (files) => files.filter((file) => TEST_CODE.some((re) => re.test(file)))

/**
 * Every package name under a node_modules folder, scoped ones included, sorted (nested node_modules too).
 *
 * @example
 * installedPackages('/tmp/app/node_modules') // ['@personalize-kit/browser', '@personalize-kit/react', 'react']
 */
export function installedPackages(nodeModules) {
  const names = new Set()
  const walk = (dir) => {
    if (!existsSync(dir)) return
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(join(dir, entry.name), { withFileTypes: true })) {
          if (!scoped.isDirectory()) continue
          names.add(`${entry.name}/${scoped.name}`)
          walk(join(dir, entry.name, scoped.name, 'node_modules'))
        }
      } else {
        names.add(entry.name)
        walk(join(dir, entry.name, 'node_modules'))
      }
    }
  }
  walk(nodeModules)
  return [...names].sort()
}
