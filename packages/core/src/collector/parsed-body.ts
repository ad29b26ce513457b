// Symbol.for, not a module-local symbol: the `.` and `./node` entries are bundled separately, and each bundle
// (ESM and CJS) must see the same key.
const PARSED_BODY = Symbol.for('@personalize-kit/core.parsedBody')

interface ParsedBodyCarrier {
  [PARSED_BODY]?: AttachedBody
}

/** @internal What {@link withParsedBody} attaches. */
export interface AttachedBody {
  value: unknown
  declaredBytes?: number
}

/**
 * Options of {@link withParsedBody}.
 *
 * @example
 * ```ts
 * withParsedBody(request, req.body, { declaredBytes: Number(req.headers['content-length']) })
 * ```
 */
export interface ParsedBodyOptions {
  /** How many bytes the parser read (the original `content-length`): checked against `maxBodyBytes`. */
  declaredBytes?: number
}

/**
 * Attaches a body some middleware already parsed (e.g. `express.json()`) to a body-less `Request`, so
 * `createCollector` validates that value instead of a JSON round trip (stringify, then parse again). The
 * collector still applies every check: `declaredBytes` (or the request's `content-length`) against
 * `maxBodyBytes`, no `__proto__` keys, the shape of `{ events }`. The request's own body is not read by the
 * collector. Returns the same request.
 *
 * @example
 * ```ts
 * import { withParsedBody } from '@personalize-kit/core'
 *
 * const request = withParsedBody(new Request(url, { method: 'POST', headers }), req.body, {
 *   declaredBytes: Number(req.headers['content-length']),
 * })
 * const response = await collector(request)
 * ```
 */
export function withParsedBody(request: Request, body: unknown, options: ParsedBodyOptions = {}): Request {
  const attached: AttachedBody = {
    value: body,
    ...(options.declaredBytes !== undefined && { declaredBytes: options.declaredBytes }),
  }
  Object.defineProperty(request, PARSED_BODY, { value: attached, enumerable: false })
  return request
}

/** @internal The body attached by {@link withParsedBody}, if any. */
export function parsedBodyOf(request: Request): AttachedBody | undefined {
  return (request as Request & ParsedBodyCarrier)[PARSED_BODY]
}
