import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CollectorInput } from '../collector/collector-input'
import type { MaybePromise } from '../collector/types'
import {
  declaredLength,
  isParsedJson,
  type MaybeExpressRequest,
  requestUrl,
  type ToWebRequestOptions,
  toWebRequest,
} from './to-web-request'

/**
 * Options of {@link toCollectorInput}: those of `toWebRequest`, plus the user lookup on the framework's request.
 *
 * @example
 * ```ts
 * const options: ToCollectorInputOptions = { maxBodyBytes: 65_536, parsedBody: req.body, getUserId: () => req.user?.id }
 * ```
 */
export interface ToCollectorInputOptions extends ToWebRequestOptions {
  /** The signed-in user from the framework's own request (replaces the collector's `getUserId`). */
  getUserId?: () => MaybePromise<string | null | undefined>
}

/**
 * The collector's input for a Node request whose JSON body a parser (e.g. `express.json()`) already read, so
 * `collector.serve(input)` can answer without building a Web `Request`/`Response` (one is built only if
 * `getUserId` or `transformEvent` asks for the request). Returns `undefined` when the body was not parsed as JSON
 * with a known length: use `toWebRequest` and the collector's Web handler then.
 *
 * @example
 * ```ts
 * const input = toCollectorInput(req, res, { parsedBody: req.body, clientAddress: req.ip })
 * if (input) writeCollectorAnswer(await collector.serve(input), res)
 * else await writeWebResponse(await collector(toWebRequest(req, res, { parsedBody: req.body })), res)
 * ```
 */
export function toCollectorInput(
  req: IncomingMessage,
  res: ServerResponse,
  options: ToCollectorInputOptions = {},
): CollectorInput | undefined {
  const r = req as MaybeExpressRequest
  const parsed = options.parsedBody
  if (!(r._body === true || req.readableEnded) || !isParsedJson(parsed)) return undefined
  const declaredBytes = declaredLength(req)
  if (declaredBytes === undefined) return undefined
  let request: Request | undefined
  const headers = req.headers
  return {
    method: req.method ?? 'GET',
    get url() {
      return requestUrl(r, options.trustProxy ?? false)
    },
    headers: {
      get(name) {
        const value = headers[name]
        if (value === undefined) return null
        return Array.isArray(value) ? value.join(', ') : value
      },
    },
    clientAddress: options.clientAddress ?? req.socket?.remoteAddress,
    parsedBody: { value: parsed, declaredBytes },
    request: () => {
      request ??= toWebRequest(req, res, options)
      return request
    },
    ...(options.getUserId && { getUserId: options.getUserId }),
  }
}
