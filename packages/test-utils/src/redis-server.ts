import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

/**
 * A redis-server started by {@link startRedisServer}: its own port and directory, so it can be killed and
 * restarted with its AOF.
 */
export interface RedisServer {
  url: string
  port: number
  dir: string
  /** SIGKILL: no shutdown save, no AOF rewrite; only what was written to the AOF survives. */
  kill(): Promise<void>
  /** Starts it again on the same port and directory (the AOF is replayed). */
  restart(): Promise<void>
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>
}

/**
 * Whether `redis-server` is on PATH.
 *
 * @example
 * ```ts
 * if (!hasRedisServer()) console.warn('redis-server is not installed: skipping')
 * ```
 */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/** One inline PING over a raw socket: true on +PONG (false while loading the AOF or not yet listening). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1_000, () => done(false))
    socket.on('error', () => done(false))
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      answer += chunk
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
  })
}

/**
 * Starts redis-server on a free loopback port in a temporary directory with AOF on (`appendfsync` everysec by
 * default: acknowledged writes survive a killed server process; `always` also survives a power loss), and resolves
 * once it answers PING.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer({ appendfsync: 'always' })
 * try {
 *   await redis.kill()
 *   await redis.restart() // the AOF is replayed
 * } finally {
 *   await redis.stop()
 * }
 * ```
 */
export async function startRedisServer(
  options: { appendfsync?: 'always' | 'everysec'; dirPrefix?: string; timeoutMs?: number } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix ?? 'pk-redis-'))
  const port = await freePort()
  const timeoutMs = options.timeoutMs ?? 10_000
  let child: ChildProcess | undefined
  const launch = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes']
    args.push('--appendfsync', options.appendfsync ?? 'everysec', '--save', '')
    args.push('--protected-mode', 'yes', '--loglevel', 'warning')
    const started = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'inherit'] })
    child = started
    const until = Date.now() + timeoutMs
    while (!(await ping(port))) {
      if (started.exitCode !== null)
        throw new Error(`redis-server on port ${port} exited (${started.exitCode})`)
      if (Date.now() > until)
        throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const halt = async (signal: NodeJS.Signals) => {
    const running = child
    child = undefined
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
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
      await halt('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
