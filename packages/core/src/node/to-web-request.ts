import type { IncomingMessage, ServerResponse } from 'node:http'
import { withClientAddress } from '../collector/client-address'
import { withParsedBody } from '../collector/parsed-body'
import { PayloadTooLargeError } from './payload-too-large-error'

/**
 * Options for {@link toWebRequest}.
 *
 * @example
 * ```ts
 * const request = toWebRequest(req, res, { maxBodyBytes: 65_536, parsedBody: req.body })
 * ```
 */
export interface ToWebRequestOptions {
  /** Stream at most this many body bytes; a bigger body errors the stream with code `PAYLOAD_TOO_LARGE`. */
  maxBodyBytes?: number
  /**
   * A body some middleware (e.g. `express.json()`) already read from the stream. Used only when the stream is
   * indeed consumed; a string or bytes is passed on as is, anything else as JSON.
   */
  parsedBody?: unknown
  /**
   * Believe `X-Forwarded-Proto` / `X-Forwarded-Host` (only behind a proxy you control). Express requests ignore
   * this: their `req.protocol` and `req.host` already follow the app's `trust proxy` setting.
   */
  trustProxy?: boolean
  /**
   * The client address `createCollector` rate-limits by (see `withClientAddress`). Default: the socket's remote
   * address; Express passes `req.ip`, which follows the app's `trust proxy` setting. `X-Forwarded-For` is never
   * read here, `trustProxy` or not.
   */
  clientAddress?: string
}

/** @internal The Express extras {@link toWebRequest} uses when present. */
export type MaybeExpressRequest = IncomingMessage & {
  protocol?: string
  originalUrl?: string
  body?: unknown
  _body?: boolean
  get?: (name: string) => string | undefined
}

/**
 * Converts a Node `IncomingMessage` (plain `node:http`, Express 4/5, Next's Pages Router) into a Web `Request`:
 * absolute URL, every header (repeated ones included), the body reused from a body parser or streamed with a
 * cap, and a `signal` that aborts when the client goes away.
 *
 * @example
 * ```ts title="server.ts"
 * import { createServer } from 'node:http'
 * import { toWebRequest, writeWebResponse } from '@personalize-kit/core/node'
 *
 * createServer(async (req, res) => {
 *   await writeWebResponse(await collector(toWebRequest(req, res, { maxBodyBytes: 65_536 })), res)
 * }).listen(3000)
 * ```
 */
export function toWebRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: ToWebRequestOptions = {},
): Request {
  const r = req as MaybeExpressRequest
  const controller = new AbortController()
  const onClose = () => {
    if (!res.writableFinished) controller.abort()
  }
  res.once('close', onClose)

  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path", ...) are not valid header names for the Fetch API.
    if (name.startsWith(':') || value === undefined) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }

  const address = options.clientAddress ?? req.socket?.remoteAddress
  const method = (req.method ?? 'GET').toUpperCase()
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal }
  if (method !== 'GET' && method !== 'HEAD') {
    const consumed = r._body === true || req.readableEnded
    const parsed = options.parsedBody
    const declaredBytes = consumed && isParsedJson(parsed) ? declaredLength(req) : undefined
    if (declaredBytes !== undefined && isParsedJson(parsed)) {
      // Hand the parsed value to createCollector as is (no stringify + parse again). Other handlers can still
      // read the body: it is serialised only if someone actually reads it.
      init.body = lazyJsonBody(parsed)
      init.duplex = 'half'
      headers.delete('content-length')
      headers.delete('content-encoding')
      headers.delete('transfer-encoding')
      const request = new Request(requestUrl(r, options.trustProxy ?? false), init)
      return withClientAddress(withParsedBody(request, parsed, { declaredBytes }), address)
    }
    if (consumed && parsed !== undefined) {
      init.body = encodeParsedBody(options.parsedBody)
      if (init.body instanceof ReadableStream) init.duplex = 'half'
      // The original length (and encoding) described bytes we no longer forward.
      headers.delete('content-length')
      headers.delete('content-encoding')
      headers.delete('transfer-encoding')
    } else if (!consumed) {
      init.body = streamBody(req, options.maxBodyBytes ?? Number.POSITIVE_INFINITY)
      init.duplex = 'half'
    }
  }
  return withClientAddress(new Request(requestUrl(r, options.trustProxy ?? false), init), address)
}

export function requestUrl(req: MaybeExpressRequest, trustProxy: boolean): string {
  const forwarded = (name: string) => {
    const value = req.headers[name]
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined
  }
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true
  const protocol =
    req.protocol ??
    (trustProxy ? forwarded('x-forwarded-proto') : undefined) ??
    (encrypted ? 'https' : 'http')
  const host =
    (typeof req.get === 'function' ? req.get('host') : undefined) ??
    (trustProxy ? forwarded('x-forwarded-host') : undefined) ??
    req.headers.host ??
    (req.headers[':authority'] as string | undefined) ??
    'localhost'
  return `${protocol}://${host}${req.originalUrl ?? req.url ?? '/'}`
}

/** An object or array from a JSON body parser (strings and bytes are forwarded as the body itself). */
export function isParsedJson(body: unknown): body is object {
  return typeof body === 'object' && body !== null && !(body instanceof Uint8Array)
}

/** Only an identity-encoded body with a declared length says how many bytes the parser read. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const encoding = req.headers['content-encoding']
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined
  const length = Number(req.headers['content-length'] ?? Number.NaN)
  return Number.isFinite(length) ? length : undefined
}

function lazyJsonBody(body: object): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          controller.enqueue(new TextEncoder().encode(JSON.stringify(body)))
          controller.close()
        } catch (error) {
          controller.error(error)
        }
      },
    },
    // 0: nothing is pulled (so nothing is serialised) until a reader asks.
    { highWaterMark: 0 },
  )
}

function encodeParsedBody(body: unknown): BodyInit {
  if (typeof body === 'string') return body
  if (body instanceof Uint8Array) return body as Uint8Array<ArrayBuffer>
  try {
    return JSON.stringify(body)
  } catch (error) {
    // A body parser accepted JSON nested deeper than JSON.stringify can recurse: fail the body stream, so the
    // collector answers 400 instead of the error reaching the app's error handler as a 500.
    return new ReadableStream<Uint8Array>({ start: (controller) => controller.error(error) })
  }
}

function streamBody(req: IncomingMessage, maxBodyBytes: number): ReadableStream<Uint8Array> {
  let size = 0
  let cleanup = () => {}
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer) => {
          size += chunk.byteLength
          if (size > maxBodyBytes) {
            cleanup()
            // Stop reading; writeWebResponse closes the connection, which cannot carry another request now.
            req.pause()
            controller.error(new PayloadTooLargeError(maxBodyBytes))
            return
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if ((controller.desiredSize ?? 1) <= 0) req.pause()
        }
        const onEnd = () => {
          cleanup()
          controller.close()
        }
        const onError = (error: Error) => {
          cleanup()
          controller.error(error)
        }
        const onAborted = () => onError(new Error('[@personalize-kit/core] request aborted by the client'))
        cleanup = () => {
          req.off('data', onData)
          req.off('end', onEnd)
          req.off('error', onError)
          req.off('aborted', onAborted)
        }
        req.on('data', onData)
        req.once('end', onEnd)
        req.once('error', onError)
        req.once('aborted', onAborted)
      },
      pull() {
        req.resume()
      },
      cancel() {
        cleanup()
        req.pause()
      },
    },
    { highWaterMark: 1 },
  )
}
