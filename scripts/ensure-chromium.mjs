// Finds Debian's Chromium for the browser tests, installing the `chromium` package when it is missing and we
// may (root with apt-get). Never downloads a browser from anywhere else.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

export function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH
  return CANDIDATES.find((p) => existsSync(p))
}

export function ensureChromium() {
  const found = findChromium()
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (!isRoot || !hasApt) {
    throw new Error(
      "[personalize-kit] the browser tests need Chromium: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH",
    )
  }
  console.log("[personalize-kit] installing Debian's chromium package for the browser tests")
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  const installed = findChromium()
  if (!installed) throw new Error('[personalize-kit] chromium was installed but no binary was found')
  return installed
}
