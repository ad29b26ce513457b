import type { CollectorAnswer } from './collector-input'

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

/** @internal Header pairs collected while a request is handled. */
export type AnswerHeaders = Array<[string, string]>

/** @internal A JSON answer; no `content-length`: the writer knows the byte length best. */
export function jsonAnswer(status: number, body: unknown, headers: AnswerHeaders = []): CollectorAnswer {
  headers.push(['content-type', 'application/json; charset=utf-8'], ['cache-control', 'no-store'])
  return { status, headers, body: JSON.stringify(body) }
}

/** @internal `{ error: { code, message } }` plus any extra body fields. */
export function errorAnswer(
  status: number,
  code: CollectorErrorCode,
  message: string,
  headers?: AnswerHeaders,
  extra?: Record<string, unknown>,
): CollectorAnswer {
  return jsonAnswer(status, { error: { code, message }, ...extra }, headers)
}

/** @internal The answer as a Web `Response`, with a known length so the Node bridge ends it in one write. */
export function toResponse(answer: CollectorAnswer): Response {
  const headers = new Headers()
  for (const [name, value] of answer.headers) headers.append(name, value)
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers })
  const bytes = new TextEncoder().encode(answer.body)
  headers.set('content-length', String(bytes.byteLength))
  return new Response(bytes, { status: answer.status, headers })
}
