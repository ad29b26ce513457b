import { hasRedisServer, type RedisServer, startRedisServer } from '@personalize-kit/test-utils/redis-server'
import { Redis } from 'ioredis'
import { describe } from 'vitest'

/** A redis-server this test started (test-utils' launcher), with a plain client for assertions. */
export interface TestRedis extends RedisServer {
  /** A plain client for assertions (closed by `stop`). */
  client(): Redis
}

/** redis-server is on PATH. */
export const hasRedis = hasRedisServer()

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

/**
 * Starts redis-server (test-utils' launcher: a free loopback port, a temporary directory, AOF with `appendfsync`
 * everysec by default) and adds a plain client for assertions, closed by `stop`.
 */
export async function startTestRedis(
  options: { appendfsync?: 'always' | 'everysec' } = {},
): Promise<TestRedis> {
  const server = await startRedisServer(options)
  const clients: Redis[] = []
  return {
    url: server.url,
    port: server.port,
    dir: server.dir,
    kill: () => server.kill(),
    restart: () => server.restart(),
    async stop() {
      for (const c of clients) c.disconnect()
      await server.stop()
    },
    client() {
      const c = new Redis(server.port, '127.0.0.1', { maxRetriesPerRequest: null })
      c.on('error', () => {})
      clients.push(c)
      return c
    },
  }
}
