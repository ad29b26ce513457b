import { isAcceptedContentType } from './content-type'
import { checkOrigin } from './origin'
import { type ClientEvent, parseClientEvent } from './parse-event'
import { parsedBodyOf } from './parsed-body'
import { createRateLimiter } from './rate-limiter'
import { readBodyCapped } from './read-body'
import { recordEvents } from './record-events'
import { errorResponse, jsonResponse } from './responses'
import { checkParsedJson, parseJsonSafely } from './safe-json'
import { resolveSession } from './session'
import type { CollectorOptions, CollectorResult, RejectedEvent } from './types'

const LOG_PREFIX = '[@personalize-kit/core]'

/**
 * Creates the HTTP endpoint browsers post events to: `(request: Request) => Promise<Response>`, Web standard,
 * so it serves Next route handlers as is and Express through `@personalize-kit/express`.
 *
 * It accepts `POST` with `{ "events": [...] }`, decides identity on the server (session cookie `pk_sid`, user
 * from `getUserId`), applies policy (origin check, allowlist, rate limit, clock-skew window, `transformEvent`)
 * and answers `202 { accepted, rejected, dropped }`. The promise never rejects: every failure is a JSON
 * `{ error: { code, message } }` with a 4xx/5xx status.
 *
 * @example
 * ```ts title="app/api/personalize/events/route.ts"
 * import { createCollector, createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
 *
 * const dispatcher = createDispatcher(dispatcherOptionsFromEnv())
 * export const POST = createCollector({ dispatcher, getUserId: (request) => request.headers.get('x-user') })
 * ```
 */
export function createCollector(options: CollectorOptions): (request: Request) => Promise<Response> {
  const maxBodyBytes = options.maxBodyBytes ?? 65_536
  const maxEvents = options.maxEventsPerRequest ?? 50
  const allowedOrigins = options.allowedOrigins ?? []
  const limiter =
    options.rateLimitPerMinute !== undefined
      ? createRateLimiter(options.rateLimitPerMinute, options.rateLimitMaxSessions ?? 10_000, Date.now)
      : undefined

  /** The JSON body: the value a body parser attached with `withParsedBody`, or the text read with a cap. */
  async function readJson(
    request: Request,
  ): Promise<{ ok: true; value: unknown } | { ok: false; response: (headers: Headers) => Response }> {
    const attached = parsedBodyOf(request)
    if (attached) {
      // The bytes were read by someone else: their declared length is what the cap applies to.
      const declared = attached.declaredBytes ?? Number(request.headers.get('content-length') ?? Number.NaN)
      if (Number.isFinite(declared) && declared > maxBodyBytes) return { ok: false, response: tooLarge }
      const checked = checkParsedJson(attached.value)
      if (!checked.ok)
        return { ok: false, response: (h) => errorResponse(400, 'INVALID_JSON', checked.message, h) }
      return checked
    }
    const body = await readBodyCapped(request, maxBodyBytes, options.bodyTimeoutMs ?? 10_000)
    if (!body.ok) {
      if (body.reason === 'too-large') return { ok: false, response: tooLarge }
      if (body.reason === 'timeout') {
        return {
          ok: false,
          response: (h) => errorResponse(408, 'BODY_TIMEOUT', 'request body was not received in time', h),
        }
      }
      const message =
        body.reason === 'invalid-utf8' ? 'request body is not valid UTF-8' : 'request body could not be read'
      return { ok: false, response: (h) => errorResponse(400, 'INVALID_BODY', message, h) }
    }
    const parsed = parseJsonSafely(body.text)
    if (!parsed.ok)
      return { ok: false, response: (h) => errorResponse(400, 'INVALID_JSON', parsed.message, h) }
    return parsed
  }

  function tooLarge(headers: Headers): Response {
    return errorResponse(
      413,
      'PAYLOAD_TOO_LARGE',
      `request body exceeds maxBodyBytes (${maxBodyBytes} bytes)`,
      headers,
    )
  }

  async function handle(request: Request): Promise<Response> {
    const headers = new Headers()
    const method = request.method.toUpperCase()
    if (method !== 'POST' && method !== 'OPTIONS') {
      headers.set('allow', 'POST, OPTIONS')
      return errorResponse(405, 'METHOD_NOT_ALLOWED', `method ${method} is not allowed; use POST`, headers)
    }
    const origin = checkOrigin(request, allowedOrigins)
    if (!origin.allowed) {
      return errorResponse(
        403,
        'FORBIDDEN_ORIGIN',
        `origin ${origin.origin} is not allowed; add it to allowedOrigins to accept its events`,
      )
    }
    if (origin.corsOrigin) {
      headers.set('access-control-allow-origin', origin.corsOrigin)
      headers.set('access-control-allow-credentials', 'true')
      headers.set('vary', 'Origin')
    }
    if (method === 'OPTIONS') {
      headers.set('allow', 'POST, OPTIONS')
      headers.set('access-control-allow-methods', 'POST')
      headers.set('access-control-allow-headers', 'content-type')
      headers.set('access-control-max-age', '600')
      return new Response(null, { status: 204, headers })
    }
    const contentType = request.headers.get('content-type')
    if (!isAcceptedContentType(contentType)) {
      return errorResponse(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `content-type ${contentType ?? '(none)'} is not supported; send application/json (or text/plain) in UTF-8`,
        headers,
      )
    }
    const parsed = await readJson(request)
    if (!parsed.ok) return parsed.response(headers)
    const events = (parsed.value as { events?: unknown } | null)?.events
    if (typeof parsed.value !== 'object' || parsed.value === null || !Array.isArray(events)) {
      return errorResponse(
        400,
        'INVALID_BODY',
        'request body must be a JSON object { "events": [ ... ] }',
        headers,
      )
    }
    if (events.length === 0) {
      return errorResponse(400, 'INVALID_BODY', 'events must contain at least one event', headers)
    }
    if (events.length > maxEvents) {
      return errorResponse(
        413,
        'TOO_MANY_EVENTS',
        `request has ${events.length} events; maxEventsPerRequest is ${maxEvents}`,
        headers,
      )
    }

    const session = resolveSession(request, options)
    if (session.setCookie) headers.append('set-cookie', session.setCookie)
    if (limiter) {
      const decision = limiter.take(session.sessionId, events.length)
      if (!decision.ok) {
        headers.set('retry-after', String(decision.retryAfterSeconds))
        return errorResponse(
          429,
          'RATE_LIMITED',
          `rate limit of ${options.rateLimitPerMinute} events per minute per session exceeded; retry in ${decision.retryAfterSeconds}s`,
          headers,
        )
      }
    }

    const valid: Array<{ index: number; event: ClientEvent }> = []
    const rejected: RejectedEvent[] = []
    events.forEach((raw, index) => {
      const result = parseClientEvent(raw)
      if (result.ok) valid.push({ index, event: result.event })
      else rejected.push({ index, issues: result.issues })
    })
    const serverUserId = valid.length > 0 ? ((await options.getUserId?.(request)) ?? undefined) : undefined
    const outcome = await recordEvents(
      { request, sessionId: session.sessionId, serverUserId, events: valid },
      { ...options, now: Date.now },
    )
    if (outcome.unavailable) {
      headers.set('retry-after', '1')
      return outcome.unavailable === 'QUEUE_FULL'
        ? errorResponse(503, 'QUEUE_FULL', 'the event queue is full; retry later', headers)
        : errorResponse(503, 'UNAVAILABLE', 'the server is shutting down; retry later', headers)
    }
    const result: CollectorResult = {
      accepted: outcome.accepted,
      rejected: [...rejected, ...outcome.rejected].sort((a, b) => a.index - b.index),
      dropped: outcome.dropped,
    }
    if (result.accepted.length > 0 && options.waitUntil) {
      options.waitUntil(
        options.dispatcher.flush().catch((error: unknown) => {
          console.error(`${LOG_PREFIX} flush after collecting events failed:`, error)
        }),
      )
    }
    if (result.accepted.length === 0 && result.dropped.length === 0) {
      return errorResponse(400, 'NO_VALID_EVENTS', 'none of the events is valid; see rejected', headers, {
        ...result,
      })
    }
    if (outcome.retryable) {
      headers.set('retry-after', '1')
    }
    return jsonResponse(202, result, headers)
  }

  return async (request) => {
    try {
      return await handle(request)
    } catch (error) {
      console.error(`${LOG_PREFIX} collector failed:`, error)
      return errorResponse(500, 'INTERNAL', 'internal error')
    }
  }
}
