// `pnpm demo --redis`: a redis-server (AOF on) and two personalize-relay processes between the shops and the
// emulator. The shops switch to the Redis tier through PERSONALIZE_REDIS_URL alone.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { isListening, startService } from './processes.mjs'

/** True when redis-server is on PATH. */
export function hasRedisServer() {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0
}

/** A free loopback port (the demo's Redis must not touch one the user runs). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function until(check, timeoutMs, what, service) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (!service.running) throw new Error(`${service.name} exited before ${what}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Starts redis-server; resolves with its service handle and URL once it accepts connections. */
export async function startRedis({ logDir, onLine }) {
  const port = await freePort()
  const dir = join(logDir, 'redis')
  mkdirSync(dir, { recursive: true })
  const service = startService({
    name: 'redis-server',
    command: 'redis-server',
    args: [
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
    cwd: dir,
    env: process.env,
    logFile: join(logDir, 'redis.log'),
    onLine,
  })
  await until(() => isListening(port), 15_000, 'redis-server to listen', service)
  return { service, url: `redis://127.0.0.1:${port}` }
}

/** Starts one personalize-relay (the built bin); resolves once it reads the stream. */
export async function startRelay({ root, logDir, redisUrl, emulatorUrl, name, onLine }) {
  let reading = false
  const service = startService({
    name,
    command: process.execPath,
    args: [join(root, 'packages/redis/dist/cli.mjs'), 'run', '--url', redisUrl, '--consumer', name],
    cwd: root,
    env: { ...process.env, PERSONALIZE_TRACKING_ID: '', PERSONALIZE_ENDPOINT: emulatorUrl },
    logFile: join(logDir, `${name}.log`),
    onLine: (line) => {
      if (line.includes(' reading ')) reading = true
      onLine?.(line)
    },
  })
  await until(() => reading, 30_000, `${name} to start`, service)
  return service
}

/** Resolves once the relays delivered everything the shops appended (or after `timeoutMs`). */
export async function waitForEmptyBacklog(root, redisUrl, timeoutMs = 20_000) {
  const cli = join(root, 'packages/redis/dist/cli.mjs')
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const r = spawnSync(process.execPath, [cli, 'status', '--json', '--url', redisUrl], { encoding: 'utf8' })
    const backlog = r.status === 0 ? JSON.parse(r.stdout).backlog : undefined
    if (backlog === 0 || Date.now() > deadline) return backlog
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
