import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const redisPackage = fileURLToPath(new URL('../../redis/', import.meta.url))
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url))
const fromEnv = fileURLToPath(new URL('./dispatcher-options-from-env.ts', import.meta.url))
const dispatcherModule = fileURLToPath(new URL('./dispatcher/create-dispatcher.ts', import.meta.url))
const hasRedisServer = existsSync('/usr/bin/redis-server')

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Runs `script` as an app would, in a fresh process from `cwd`, on the workspace's sources. Without NODE_PATH:
 * pnpm's runner sets it to its store, where every workspace package resolves, installed or not.
 */
async function runApp(cwd: string, script: string): Promise<string> {
  const { NODE_PATH: _storePath, ...env } = process.env
  const { stdout } = await run(
    process.execPath,
    [tsx, '--conditions=@personalize-kit/source', '--input-type=module', '-e', script],
    { cwd, env, timeout: 60_000 },
  )
  return stdout.trim().split('\n').at(-1) as string
}

const cleanups: (() => void)[] = []
afterAll(() => {
  for (const cleanup of cleanups) cleanup()
})

describe('PERSONALIZE_REDIS_URL', () => {
  it('without @personalize-kit/redis installed: a PersonalizeConfigError that says what to install', async () => {
    // An app directory without the package; core itself (packages/core) does not depend on it either.
    const app = mkdtempSync(join(tmpdir(), 'pk-core-app-'))
    cleanups.push(() => rmSync(app, { recursive: true, force: true }))
    const line = await runApp(
      app,
      `
        const { dispatcherOptionsFromEnv } = await import(${JSON.stringify(fromEnv)})
        try {
          dispatcherOptionsFromEnv({ PERSONALIZE_REDIS_URL: 'redis://127.0.0.1:6379' })
          console.log(JSON.stringify({ thrown: false }))
        } catch (error) {
          console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }))
        }
      `,
    )
    const result = JSON.parse(line)
    expect(result).toMatchObject({ name: 'PersonalizeConfigError', code: 'PERSONALIZE_CONFIG' })
    expect(result.message).toMatch(/PERSONALIZE_REDIS_URL.*npm install @personalize-kit\/redis/)
  })

  it.runIf(hasRedisServer || process.env.CI === 'true')(
    'with it installed: zero-config dispatchers append their batches to the Redis stream',
    async () => {
      const port = await freePort()
      const dir = mkdtempSync(join(tmpdir(), 'pk-core-redis-'))
      const server: ChildProcess = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: 'ignore' },
      )
      cleanups.push(() => {
        server.kill('SIGKILL')
        rmSync(dir, { recursive: true, force: true })
      })
      // Run as an app would: from a directory where @personalize-kit/redis resolves (its own package, by
      // self-reference), with the workspace's sources.
      const script = `
        const { dispatcherOptionsFromEnv } = await import(${JSON.stringify(fromEnv)})
        const { createDispatcher } = await import(${JSON.stringify(dispatcherModule)})
        const options = dispatcherOptionsFromEnv({ PERSONALIZE_REDIS_URL: 'redis://127.0.0.1:${port}' })
        if (options.clientConfig !== undefined) throw new Error('clientConfig must be absent beside a transport')
        const dispatcher = createDispatcher(options)
        for (let i = 0; i < 12; i++) dispatcher.recordEvent({ sessionId: 's', eventType: 'view', itemId: 'i' + i })
        const report = await dispatcher.close({ timeoutMs: 10000 })
        const { default: Redis } = await import('ioredis')
        const redis = new Redis(${port}, '127.0.0.1')
        const keys = await redis.keys('*')
        const lengths = {}
        for (const key of keys) if ((await redis.type(key)) === 'stream') lengths[key] = await redis.xlen(key)
        redis.disconnect()
        console.log(JSON.stringify({ report, lengths, transport: typeof options.transport }))
      `
      for (let i = 0; i < 50; i++) {
        const ping = await run('redis-cli', ['-p', String(port), 'ping']).catch(() => undefined)
        if (ping?.stdout.trim() === 'PONG') break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      const result = JSON.parse(await runApp(redisPackage, script))
      expect(result.transport).toBe('object')
      expect(result.report).toMatchObject({ delivered: 12, deadLettered: 0 })
      // Two batches (10 + 2 records of one session) appended to the stream.
      expect(Object.values(result.lengths)).toEqual([2])
    },
  )
})
