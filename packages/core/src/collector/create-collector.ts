import type { Logger } from '../types'
import { createAdmission, QUEUE_FULL_RETRY_AFTER_SECONDS } from './admission'
import { clientAddressOf } from './client-address'
import { isAcceptedContentType } from './content-type'
import { log } from './log'
import { checkOrigin } from './origin'
import { type ClientEvent, parseClientEvent } from './parse-event'
import { readJson } from './read-json'
import { recordEvents } from './record-events'
import { resolveCollectorLimits } from './resolve-options'
import { errorResponse, jsonResponse } from './responses'
import { resolveSession } from './session'
import type { Collector, CollectorOptions, CollectorResult, RejectedEvent } from './types'

const LOG_PREFIX = '[@personalize-kit/core]'

/**
 * Creates the HTTP endpoint browsers post events to: `(request: Request) => Promise<Response>`, Web standard,
 * so it serves Next route handlers as is and Express through `@personalize-kit/express`.
 *
 * It accepts `POST` with `{ "events": [...] }`, decides identity on the server (session cookie `pk_sid`, user
 * from `getUserId`), applies policy (origin check, allowlist, rate limits per session and per client address,
 * the browser share of the queue, clock-skew window, `transformEvent`) and answers
 * `202 { accepted, rejected, dropped }`. The promise never rejects: every failure is a JSON
 * `{ error: { code, message } }` with a 4xx/5xx status. Options are checked here: a value that cannot work
 * throws `PersonalizeConfigError` naming it.
 *
 * @example
 * ```ts title="app/api/personalize/events/route.ts"
 * import { createCollector, createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
 *
 * const dispatcher = createDispatcher(dispatcherOptionsFromEnv())
 * export const POST = createCollector({ dispatcher, getUserId: (request) => request.headers.get('x-user') })
 * ```
 */
export function createCollector(options: CollectorOptions): Collector {
  const limits = resolveCollectorLimits(options)
  const { dispatcher } = options
  const logger: Logger = options.logger ?? dispatcher.logger ?? console
  const allowedOrigins = options.allowedOrigins ?? []
  const admission = createAdmission(dispatcher, limits)
  const policy = { ...options, dispatcher, logger, clockSkewMs: limits.clockSkewMs, now: Date.now }

  function clientAddress(request: Request): string | undefined {
    if (!options.getClientAddress) return clientAddressOf(request)
    return options.getClientAddress(request) ?? undefined
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
    // Shed load before reading the body: while the browser share is full, a request costs almost nothing.
    if (admission.queueRoom() <= 0) return queueFull(headers)
    const contentType = request.headers.get('content-type')
    if (!isAcceptedContentType(contentType)) {
      return errorResponse(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `content-type ${contentType ?? '(none)'} is not supported; send application/json (or text/plain) in UTF-8`,
        headers,
      )
    }
    const parsed = await readJson(request, limits.maxBodyBytes, limits.bodyTimeoutMs)
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
    if (events.length > limits.maxEventsPerRequest) {
      return errorResponse(
        413,
        'TOO_MANY_EVENTS',
        `request has ${events.length} events; maxEventsPerRequest is ${limits.maxEventsPerRequest}`,
        headers,
      )
    }

    const session = resolveSession(request, options)
    if (session.setCookie) headers.append('set-cookie', session.setCookie)
    const rate = admission.takeRate(session.sessionId, clientAddress(request), events.length)
    if (!rate.ok) {
      headers.set('retry-after', String(rate.retryAfterSeconds))
      return errorResponse(429, 'RATE_LIMITED', rate.message, headers)
    }
    return record(request, session.sessionId, events, headers)
  }

  async function record(
    request: Request,
    sessionId: string,
    events: unknown[],
    headers: Headers,
  ): Promise<Response> {
    const valid: Array<{ index: number; event: ClientEvent }> = []
    const rejected: RejectedEvent[] = []
    events.forEach((raw, index) => {
      const result = parseClientEvent(raw)
      if (result.ok) valid.push({ index, event: result.event })
      else rejected.push({ index, issues: result.issues })
    })
    const serverUserId = valid.length > 0 ? ((await options.getUserId?.(request)) ?? undefined) : undefined
    const outcome = await recordEvents(
      { request, sessionId, serverUserId, events: valid, room: admission.queueRoom() },
      policy,
    )
    if (outcome.unavailable === 'QUEUE_FULL') return queueFull(headers)
    if (outcome.unavailable) {
      headers.set('retry-after', '1')
      return errorResponse(503, 'UNAVAILABLE', 'the server is shutting down; retry later', headers)
    }
    const result: CollectorResult = {
      accepted: outcome.accepted,
      rejected: [...rejected, ...outcome.rejected].sort((a, b) => a.index - b.index),
      dropped: outcome.dropped,
    }
    if (result.accepted.length > 0 && options.waitUntil) {
      options.waitUntil(
        dispatcher.flush().catch((error: unknown) => {
          log(logger, 'error', { err: error }, `${LOG_PREFIX} flush after collecting events failed`)
        }),
      )
    }
    if (result.accepted.length === 0 && result.dropped.length === 0) {
      return errorResponse(400, 'NO_VALID_EVENTS', 'none of the events is valid; see rejected', headers, {
        ...result,
      })
    }
    if (outcome.retryable) headers.set('retry-after', String(QUEUE_FULL_RETRY_AFTER_SECONDS))
    return jsonResponse(202, result, headers)
  }

  function queueFull(headers: Headers): Response {
    headers.set('retry-after', String(QUEUE_FULL_RETRY_AFTER_SECONDS))
    return errorResponse(503, 'QUEUE_FULL', 'the event queue is full; retry later', headers)
  }

  const collector = async (request: Request): Promise<Response> => {
    try {
      return await handle(request)
    } catch (error) {
      log(logger, 'error', { err: error }, `${LOG_PREFIX} collector failed`)
      return errorResponse(500, 'INTERNAL', 'internal error')
    }
  }
  return Object.assign(collector, {
    admit: (visitor: { sessionId: string; clientAddress?: string }, count = 1) =>
      admission.admit(visitor.sessionId, visitor.clientAddress, count),
  })
}
