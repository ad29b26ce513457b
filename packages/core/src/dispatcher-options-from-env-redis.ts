import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PersonalizeConfigError } from './errors'
import type { Transport } from './transport/transport'

const PREFIX = '[@personalize-kit/core]'
const REDIS_PACKAGE = '@personalize-kit/redis'

interface RedisModule {
  redisTransport(options: { url?: string }): Transport
}

/**
 * Loads the optional `@personalize-kit/redis` at run time, from the app (the working directory) first, then from
 * beside core. A name in a variable keeps bundlers from trying to resolve a package the app may not install.
 */
function loadRedisModule(bases: readonly string[]): RedisModule {
  for (const base of bases) {
    let loaded: unknown
    try {
      loaded = createRequire(base)(REDIS_PACKAGE)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${REDIS_PACKAGE}'`))
        continue
      throw new PersonalizeConfigError(
        `${PREFIX} PERSONALIZE_REDIS_URL is set but ${REDIS_PACKAGE} failed to load`,
        {
          cause: error,
        },
      )
    }
    if (typeof (loaded as Partial<RedisModule>).redisTransport === 'function') return loaded as RedisModule
  }
  throw new PersonalizeConfigError(
    `${PREFIX} PERSONALIZE_REDIS_URL is set but ${REDIS_PACKAGE} is not installed: run \`npm install ${REDIS_PACKAGE}\` (or unset PERSONALIZE_REDIS_URL to send straight to Personalize)`,
  )
}

/** Where to resolve the optional package from: the app, then this module (ESM or CommonJS build). */
export function defaultResolutionBases(): string[] {
  const here = typeof __filename === 'string' ? __filename : import.meta.url
  return [join(process.cwd(), 'package.json'), here]
}

/**
 * The Redis transport for `PERSONALIZE_REDIS_URL`. The package is resolved now (a missing one is a configuration
 * error at startup), the connection only at the first call: options built for a relay, which ignores `transport`,
 * open no connection.
 */
export function redisTransportFromEnv(
  url: string,
  bases: readonly string[] = defaultResolutionBases(),
): Transport {
  const redis = loadRedisModule(bases)
  let inner: Transport | undefined
  return {
    sharedRateLimit: true,
    send(call, options) {
      inner ??= redis.redisTransport({ url })
      return inner.send(call, options)
    },
    close() {
      return inner?.close?.()
    },
  }
}
