import type { Logger } from '../types'

const PREFIX = '[@personalize-kit/core]'

/** Codes of errors that mean the endpoint was not reached (or not answering), as opposed to a service answer. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
])

interface NetworkErrorLike {
  code?: unknown
  address?: unknown
  port?: unknown
  hostname?: unknown
  $metadata?: { httpStatusCode?: unknown }
}

/**
 * Makes an unreachable endpoint visible: the first connection failure per endpoint is logged at warn with the
 * endpoint and the error code, instead of only debug lines until the records are dead-lettered at shutdown.
 */
export class ConnectionWatch {
  private readonly warned = new Set<string>()

  /** @param endpoint the endpoint the calls go to, when known (the dispatcher's own client). */
  constructor(
    private readonly logger: Logger,
    private readonly endpoint: string | undefined,
  ) {}

  failed(error: unknown): void {
    if (typeof error !== 'object' || error === null) return
    const e = error as NetworkErrorLike
    if (typeof e.code !== 'string' || !CONNECTION_CODES.has(e.code)) return
    if (typeof e.$metadata?.httpStatusCode === 'number') return
    const target = this.endpoint ?? describeTarget(e)
    if (this.warned.has(target)) return
    this.warned.add(target)
    this.logger.warn(
      { endpoint: target, code: e.code, error: (error as Error).message },
      `${PREFIX} cannot reach ${target} (${e.code}); records are kept and retried until they are delivered or dead-lettered. Is the endpoint (or the local emulator) running?`,
    )
  }
}

function describeTarget(e: NetworkErrorLike): string {
  const host =
    typeof e.hostname === 'string' ? e.hostname : typeof e.address === 'string' ? e.address : undefined
  if (host === undefined) return 'the transport'
  return typeof e.port === 'number' ? `${host}:${e.port}` : host
}
