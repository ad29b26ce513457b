import type { MaybePromise } from './types'

/**
 * The raw body as {@link CollectorInput.readBody} returns it: the UTF-8 text, or why it could not be read.
 *
 * @example
 * ```ts
 * const result: RawBodyResult = size > maxBytes ? { ok: false, reason: 'too-large' } : { ok: true, text }
 * ```
 */
export type RawBodyResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'too-large' | 'timeout' | 'aborted' | 'invalid-utf8' }

/**
 * What the collector reads from one request, whichever way it arrived. `createCollector`'s Web handler builds it
 * from a `Request`; an adapter can build it from what its framework already has (headers, a parsed body, the
 * client address) and skip building Web `Request`/`Response` objects on the hot path.
 *
 * @example
 * ```ts
 * const input: CollectorInput = {
 *   method: 'POST',
 *   url: 'https://shop.example/api/personalize/events',
 *   headers: { get: (name) => headers[name] ?? null },
 *   parsedBody: { value: body, declaredBytes: 120 },
 *   request: () => new Request('https://shop.example/api/personalize/events', { method: 'POST' }),
 * }
 * const answer = await collector.serve(input)
 * ```
 */
export interface CollectorInput {
  method: string
  /** The absolute URL: read for the same-origin check and the session cookie's `Secure` flag. */
  readonly url: string
  /** Request headers by lower-case name; repeated headers joined with `, ` (`cookie` with `; `). */
  headers: { get(name: string): string | null }
  /** The client address for the per-address rate limit (see `withClientAddress`). */
  clientAddress?: string
  /** A body a parser already produced, and how many bytes it read (checked against `maxBodyBytes`). */
  parsedBody?: { value: unknown; declaredBytes?: number }
  /** Reads the raw body with a cap and a deadline, when no parser did. Absent: an empty body. */
  readBody?: (maxBytes: number, timeoutMs: number) => Promise<RawBodyResult>
  /**
   * The request as a Web `Request`, for `getUserId` and `transformEvent`'s `context.request`. Called at most once,
   * and only when one of them needs it.
   */
  request(): Request
  /** The signed-in user, replacing `options.getUserId(request)` (for adapters that map their own request). */
  getUserId?: () => MaybePromise<string | null | undefined>
}

/**
 * The collector's answer to a {@link CollectorInput}: what to write back, in the framework's own response.
 *
 * @example
 * ```ts
 * const { status, headers, body } = await collector.serve(input)
 * res.statusCode = status
 * for (const [name, value] of headers) res.appendHeader(name, value)
 * res.end(body)
 * ```
 */
export interface CollectorAnswer {
  status: number
  /** Header pairs in order; `set-cookie` may appear more than once, every other name once. */
  headers: Array<[string, string]>
  /** The JSON body, or `undefined` for none (a 204 preflight answer). */
  body: string | undefined
}
