import { Redis, type RedisOptions } from 'ioredis'

/**
 * Where to find Redis: a URL (`redis://user:password@host:6379/0`, `rediss://` for TLS) or an ioredis client
 * you already have (the tier then never closes it).
 *
 * @example
 * ```ts
 * const a: RedisConnection = { url: process.env.PERSONALIZE_REDIS_URL }
 * const b: RedisConnection = { client: new Redis(6379, '127.0.0.1') }
 * ```
 */
export interface RedisConnection {
  /** Default `PERSONALIZE_REDIS_URL`, else `redis://127.0.0.1:6379`. */
  url?: string
  /** An existing ioredis client (or cluster-less `Redis` instance). Used as is and never closed by the tier. */
  client?: Redis
}

/** A connection the tier opened (it closes it) or borrowed (it leaves it). */
export interface OwnedClient {
  client: Redis
  owned: boolean
}

/** The URL the tier connects to when none is given. */
export function defaultRedisUrl(env: Record<string, string | undefined> = process.env): string {
  return env.PERSONALIZE_REDIS_URL || 'redis://127.0.0.1:6379'
}

/** A URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}

/**
 * Opens a client for `connection`, or duplicates a borrowed one when `duplicate` is set (a blocking XREADGROUP
 * needs a connection of its own). `options` tune the tier's own connections only.
 */
export function openClient(
  connection: RedisConnection,
  options: RedisOptions,
  duplicate = false,
): OwnedClient {
  if (connection.client !== undefined) {
    if (!duplicate) return { client: connection.client, owned: false }
    return { client: connection.client.duplicate(options), owned: true }
  }
  const url = connection.url ?? defaultRedisUrl()
  return { client: new Redis(url, { lazyConnect: false, ...options }), owned: true }
}

/** Closes a client the tier opened: QUIT when connected, else disconnect (no reconnect attempts linger). */
export async function closeClient(owned: OwnedClient): Promise<void> {
  if (!owned.owned) return
  const { client } = owned
  if (client.status === 'ready') {
    try {
      await Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, 1000).unref())])
    } catch {
      // Already closing: disconnect below.
    }
  }
  client.disconnect(false)
}
