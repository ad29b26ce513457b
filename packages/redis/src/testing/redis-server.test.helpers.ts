import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { describe } from 'vitest'

/** A redis-server this test started: its own port and directory, so it can be killed and restarted. */
export interface TestRedis {
  url: string
  port: number
  dir: string
  /** SIGKILL: no shutdown save, no AOF rewrite; only what was written to the AOF survives. */
  kill(): Promise<void>
  /** Starts it again on the same port and directory (the AOF is replayed). */
  restart(): Promise<void>
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>
  /** A plain client for assertions (closed by `stop`). */
  client(): Redis
}

const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
/** redis-server is on PATH. */
export const hasRedis = which.status === 0

/**
 * `describe` when redis-server exists; otherwise a loud skip locally and a failure under CI (the tier's tests
 * must run there).
 */
export const describeWithRedis: typeof describe = (() => {
  if (hasRedis) return describe
  if (process.env.CI)
    throw new Error('redis-server is not on PATH, and CI is set: install it (apt-get install redis-server)')
  console.warn(
    '\n\n!!! [@personalize-kit/redis] redis-server is not on PATH: SKIPPING the Redis tier tests. Install Redis 7 (apt-get install redis-server) to run them. !!!\n\n',
  )
  return describe.skip
})() as typeof describe

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

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    probe.on('error', () => {})
    try {
      await probe.connect()
      await probe.ping()
      probe.disconnect()
      return
    } catch {
      probe.disconnect()
      if (Date.now() > until)
        throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/**
 * Starts redis-server on a free loopback port in a temporary directory with AOF on (`appendfsync` everysec by
 * default: acknowledged writes survive a killed server process; `always` also survives a power loss).
 */
export async function startTestRedis(
  options: { appendfsync?: 'always' | 'everysec' } = {},
): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'pk-redis-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  const clients: Redis[] = []
  const launch = async () => {
    child = spawn(
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
        options.appendfsync ?? 'everysec',
        '--save',
        '',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    await waitForPing(port, 10_000)
  }
  const halt = async (signal: NodeJS.Signals) => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill(signal)
    })
  }
  await launch()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill: () => halt('SIGKILL'),
    restart: async () => {
      await halt('SIGKILL')
      await launch()
    },
    async stop() {
      for (const c of clients) c.disconnect()
      await halt('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
    client() {
      const c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: null })
      c.on('error', () => {})
      clients.push(c)
      return c
    },
  }
}
