import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from './free-port'

/** A `next start` started by {@link startNextServer}. */
export interface NextServer {
  url: string
  /** The process id of what was spawned (pnpm, or the Next.js process itself with `nodeFlags`). */
  pid: number | undefined
  /** Everything the server printed so far (for failure messages). */
  output(): string
  /** `stopSignal` to its process group (SIGKILL after `killAfterMs`), then resolves once it exited. */
  stop(): Promise<void>
}

/** How {@link startNextServer} starts, probes and stops the app. */
export interface StartNextServerOptions {
  /** Added to the environment (after `NODE_ENV=production`). */
  env?: Record<string, string>
  /** The path probed until it answers; pick one that records nothing if the test counts events. Default `/`. */
  readyPath?: string
  /** The probe's request (a POST route, say). Default a GET. */
  readyInit?: RequestInit
  /** Whether the probe's answer means ready. Default a 2xx. */
  ready?: (response: Response) => boolean
  /**
   * Node flags (such as `--cpu-prof`) for the Next.js process itself: it is then started as
   * `node <flags> next start` directly rather than through the app's `pnpm run start`.
   */
  nodeFlags?: string[]
  /** The signal `stop()` sends first. Default SIGTERM (SIGINT lets Next exit normally, e.g. to write a profile). */
  stopSignal?: NodeJS.Signals
  /** When `stop()` follows with SIGKILL. Default 10 s. */
  killAfterMs?: number
  /** How long to wait for the probe. Default 60 s. */
  timeoutMs?: number
}

/**
 * Starts the built Next.js app in `appDir` on a free loopback port, in its own process group, with
 * `NODE_ENV=production`: by default with `pnpm run start` and `PORT` (so the start script's PORT handling is what is
 * tested). Resolves once `readyPath` answers as `ready` says, probed every 250 ms; fails with the server's output if
 * it exits or does not answer within `timeoutMs`.
 *
 * @example
 * ```ts
 * const next = await startNextServer(appDir, {
 *   env: { PERSONALIZE_ENDPOINT: emulator.url },
 *   readyPath: '/favicon.ico',
 *   ready: (response) => response.status < 500,
 * })
 * try {
 *   await fetch(next.url)
 * } finally {
 *   await next.stop()
 * }
 * ```
 */
export async function startNextServer(
  appDir: string,
  options: StartNextServerOptions = {},
): Promise<NextServer> {
  const { readyPath = '/', ready = (response) => response.ok, timeoutMs = 60_000 } = options
  const { stopSignal = 'SIGTERM', killAfterMs = 10_000 } = options
  const port = await freePort()
  let log = ''
  const nextBin = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const [cmd, args] = options.nodeFlags
    ? [process.execPath, [...options.nodeFlags, nextBin, 'start', '-p', String(port), '-H', '127.0.0.1']]
    : ['pnpm', ['run', 'start']]
  const child = spawn(cmd, args, {
    cwd: appDir,
    detached: true, // its own process group, so stop() ends pnpm and the next server it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), NODE_ENV: 'production', ...options.env },
  })
  child.stdout?.on('data', (chunk) => {
    log += chunk
  })
  child.stderr?.on('data', (chunk) => {
    log += chunk
  })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    process.kill(-child.pid, stopSignal)
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), killAfterMs)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log}`)
    try {
      if (ready(await fetch(`${url}${readyPath}`, options.readyInit)))
        return { url, pid: child.pid, output: () => log, stop }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`next start did not answer ${readyPath} within ${timeoutMs} ms:\n${log}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/** Newest modification time under `path` (files only), ignoring build output, dependencies and e2e tests. */
function newestMtime(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (['node_modules', '.next', '.turbo', 'e2e'].includes(entry)) continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/**
 * Runs `pnpm run build` in the Next.js app `appDir` once per test run: skipped when the build's `stamp` (a file
 * under `.next`, `BUILD_ID` by default) is newer than the app's `sources` (relative to `appDir`; the whole app by
 * default) and the `dist` of the workspace `packages` it uses, unless the `forceEnv` variable is `always`.
 * `turbo run test:e2e` already built the app (the task depends on `build`), which this avoids repeating.
 *
 * @example
 * ```ts
 * // e2e/global-setup.ts
 * export default () =>
 *   buildOnce(join(import.meta.dirname, '..'), { packages: ['core', 'next', 'react'], stamp: 'BUILD_ID' })
 * ```
 */
export function buildOnce(
  appDir: string,
  options: { packages: string[]; sources?: string[]; stamp?: string; forceEnv?: string },
): void {
  const { packages, sources = ['.'], stamp = 'BUILD_ID', forceEnv = 'NEXT_E2E_BUILD' } = options
  const builtAt = statSync(join(appDir, '.next', stamp), { throwIfNoEntry: false })?.mtimeMs ?? 0
  const inputs = [
    ...sources.map((source) => join(appDir, source)),
    ...packages.map((name) => join(appDir, '..', '..', 'packages', name, 'dist')),
  ]
  if (process.env[forceEnv] !== 'always' && builtAt > Math.max(...inputs.map(newestMtime))) return
  const result = spawnSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'inherit', env: process.env })
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`)
}
