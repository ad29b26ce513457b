/** @internal Stable machine-readable codes of the collector's error responses. */
export type CollectorErrorCode =
  | 'METHOD_NOT_ALLOWED'
  | 'FORBIDDEN_ORIGIN'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_EVENTS'
  | 'BODY_TIMEOUT'
  | 'INVALID_JSON'
  | 'INVALID_BODY'
  | 'NO_VALID_EVENTS'
  | 'RATE_LIMITED'
  | 'QUEUE_FULL'
  | 'UNAVAILABLE'
  | 'INTERNAL'

/** @internal */
export function jsonResponse(status: number, body: unknown, headers: Headers = new Headers()): Response {
  headers.set('content-type', 'application/json; charset=utf-8')
  headers.set('cache-control', 'no-store')
  const bytes = new TextEncoder().encode(JSON.stringify(body))
  // A known length lets the Node bridge end the response with a single write.
  headers.set('content-length', String(bytes.byteLength))
  return new Response(bytes, { status, headers })
}

/** @internal `{ error: { code, message } }` plus any extra body fields. */
export function errorResponse(
  status: number,
  code: CollectorErrorCode,
  message: string,
  headers?: Headers,
  extra?: Record<string, unknown>,
): Response {
  return jsonResponse(status, { error: { code, message }, ...extra }, headers)
}
