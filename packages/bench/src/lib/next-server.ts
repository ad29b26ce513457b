import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** Whether apps/next-shop has a production build that includes the routes the bench needs. */
export function hasNextBuild(appDir: string, routes: string[]): boolean {
  const manifest = join(appDir, '.next', 'app-path-routes-manifest.json')
  if (!existsSync(join(appDir, '.next', 'BUILD_ID')) || !existsSync(manifest)) return false
  const mapped = Object.values(JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>)
  return routes.every((route) => mapped.includes(route))
}

/** Runs `next build` in the app (the same as `pnpm --filter next-shop build`). */
export async function buildNextApp(appDir: string): Promise<void> {
  let output = ''
  const child = spawn(process.execPath, [nextBin(appDir), 'build'], {
    cwd: appDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  child.stdout?.on('data', (c) => {
    output += c
  })
  child.stderr?.on('data', (c) => {
    output += c
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output.slice(-3000)}`)
}

const nextBin = (appDir: string) => join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** `next start` of a built app in its own process group; resolves once it answers. */
export async function startNextServer(
  appDir: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<{ origin: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeFlags, nextBin(appDir), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: appDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production', ...env },
    },
  )
  child.stdout?.on('data', (c) => {
    output += c
  })
  child.stderr?.on('data', (c) => {
    output += c
  })
  const origin = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    // SIGINT lets Next exit normally (a CPU profile is only written on a normal exit); the group kill follows.
    process.kill(-child.pid, 'SIGINT')
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`)
    try {
      const response = await fetch(`${origin}/api/bench-echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
      if (response.ok) return { origin, pid: child.pid, stop }
    } catch {
      // not listening yet
    }
    await sleep(250)
  }
  await stop()
  throw new Error(`next start did not answer within 60 s:\n${output}`)
}
