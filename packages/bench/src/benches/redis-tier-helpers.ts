import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** redis-server is on PATH (the Redis tier benches are skipped otherwise). */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** A throwaway redis-server (AOF everysec, as the tier's docs recommend) on a free loopback port. */
export async function startRedisServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-bench-redis-'))
  const port = await freePort()
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A `personalize-relay` process from the built bin. */
export async function startRelayProcess(
  root: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; stop(): Promise<string> }> {
  const child = spawn(process.execPath, [join(root, 'packages/redis/dist/cli.mjs'), 'run', ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 20_000
  while (!output.includes(' reading ')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`personalize-relay did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    child,
    async stop() {
      child.kill('SIGTERM')
      await exited
      return output
    },
  }
}

/** The most arrivals within any one second. */
export function worstSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b)
  let worst = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start++
    worst = Math.max(worst, end - start + 1)
  }
  return worst
}
