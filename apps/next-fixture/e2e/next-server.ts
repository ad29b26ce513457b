import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startEmulator } from '@personalize-kit/emulator'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export interface NextServer {
  url: string
  emulator: Emulator
  output(): string
  stop(): Promise<void>
}

const fixtureDir = join(import.meta.dirname, '..')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`)
    try {
      // A route that records nothing, so waiting for the server adds no events.
      const response = await fetch(`${url}/favicon.ico`)
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`next start did not answer within 60 s:\n${output()}`)
}

/**
 * Starts a built app (this fixture unless `appDir` names another, such as the Next 15 fixture) with `pnpm start`
 * against an emulator running in this process.
 */
export async function startNext(options: { appDir?: string } = {}): Promise<NextServer> {
  const appDir = options.appDir ?? fixtureDir
  const emulator = await startEmulator({ port: 0, quiet: true })
  const port = await freePort()
  let log = ''
  const child = spawn('pnpm', ['run', 'start'], {
    cwd: appDir,
    detached: true, // its own process group, so stop() ends pnpm and the next server it started
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      PERSONALIZE_ENDPOINT: emulator.url,
      PERSONALIZE_TRACKING_ID: '',
      NODE_ENV: 'production',
    },
  })
  child.stdout?.on('data', (chunk) => {
    log += chunk
  })
  child.stderr?.on('data', (chunk) => {
    log += chunk
  })
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(-child.pid, 'SIGTERM')
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    await emulator.stop()
  }
  try {
    await waitUntilServing(url, child, () => log)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, emulator, output: () => log, stop }
}
