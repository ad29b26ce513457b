import type { Logger } from '../types'
import { createAdmission, QUEUE_FULL_RETRY_AFTER_SECONDS } from './admission'
import { clientAddressOf } from './client-address'
import type { CollectorAnswer, CollectorInput } from './collector-input'
import { isAcceptedContentType } from './content-type'
import { log } from './log'
import { checkOrigin } from './origin'
import { type ClientEvent, parseClientEvent } from './parse-event'
import { parsedBodyOf } from './parsed-body'
import { readBodyCapped } from './read-body'
import { readJson } from './read-json'
import { recordEvents } from './record-events'
import { resolveCollectorLimits } from './resolve-options'
import { type AnswerHeaders, errorAnswer, jsonAnswer, toResponse } from './responses'
import { resolveSession } from './session'
import type { Collector, CollectorOptions, CollectorResult, RejectedEvent } from './types'

const LOG_PREFIX = '[@personalize-kit/core]'

/**
 * Creates the HTTP endpoint browsers post events to: `(request: Request) => Promise<Response>`, Web standard,
 * so it serves Next route handlers as is and Express through `@personalize-kit/express`. Adapters that already
 * hold the headers and a parsed body call `collector.serve(input)` instead and write the answer themselves.
 *
 * It accepts `POST` with `{ "events": [...] }`, decides identity on the server (session cookie `pk_sid`, user
 * from `getUserId`), applies policy (origin check, allowlist, rate limits per session and per client address,
 * the browser share of the queue, clock-skew window, `transformEvent`) and answers
 * `202 { accepted, rejected, dropped }`. The promise never rejects: every failure is a JSON
 * `{ error: { code, message } }` with a 4xx/5xx status. Options are checked here: a value that cannot work
 * throws `PersonalizeValidationError` (or `PersonalizeConfigError` for limits that contradict each other) naming it.
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

  async function handle(input: CollectorInput): Promise<CollectorAnswer> {
    const headers: AnswerHeaders = []
    const method = input.method.toUpperCase()
    if (method !== 'POST' && method !== 'OPTIONS') {
      headers.push(['allow', 'POST, OPTIONS'])
      return errorAnswer(405, 'METHOD_NOT_ALLOWED', `method ${method} is not allowed; use POST`, headers)
    }
    const origin = checkOrigin(input, allowedOrigins)
    if (!origin.allowed) {
      return errorAnswer(
        403,
        'FORBIDDEN_ORIGIN',
        `origin ${origin.origin} is not allowed; add it to allowedOrigins to accept its events`,
      )
    }
    if (origin.corsOrigin) {
      headers.push(
        ['access-control-allow-origin', origin.corsOrigin],
        ['access-control-allow-credentials', 'true'],
        ['vary', 'Origin'],
      )
    }
    if (method === 'OPTIONS') {
      headers.push(
        ['allow', 'POST, OPTIONS'],
        ['access-control-allow-methods', 'POST'],
        ['access-control-allow-headers', 'content-type'],
        ['access-control-max-age', '600'],
      )
      return { status: 204, headers, body: undefined }
    }
    // Shed load before reading the body: while the browser share is full, a request costs almost nothing.
    if (admission.queueRoom() <= 0) return queueFull(headers)
    const contentType = input.headers.get('content-type')
    if (!isAcceptedContentType(contentType)) {
      return errorAnswer(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        `content-type ${contentType ?? '(none)'} is not supported; send application/json (or text/plain) in UTF-8`,
        headers,
      )
    }
    const parsed = await readJson(input, limits.maxBodyBytes, limits.bodyTimeoutMs)
    if (!parsed.ok) return errorAnswer(parsed.status, parsed.code, parsed.message, headers)
    const events = (parsed.value as { events?: unknown } | null)?.events
    if (typeof parsed.value !== 'object' || parsed.value === null || !Array.isArray(events)) {
      return errorAnswer(
        400,
        'INVALID_BODY',
        'request body must be a JSON object { "events": [ ... ] }',
        headers,
      )
    }
    if (events.length === 0) {
      return errorAnswer(400, 'INVALID_BODY', 'events must contain at least one event', headers)
    }
    if (events.length > limits.maxEventsPerRequest) {
      return errorAnswer(
        413,
        'TOO_MANY_EVENTS',
        `request has ${events.length} events; maxEventsPerRequest is ${limits.maxEventsPerRequest}`,
        headers,
      )
    }

    const session = resolveSession(input, options)
    if (session.setCookie) headers.push(['set-cookie', session.setCookie])
    const rate = admission.takeRate(session.sessionId, input.clientAddress, events.length)
    if (!rate.ok) {
      headers.push(['retry-after', String(rate.retryAfterSeconds)])
      return errorAnswer(429, 'RATE_LIMITED', rate.message, headers)
    }
    return record(input, session.sessionId, events, headers)
  }

  async function record(
    input: CollectorInput,
    sessionId: string,
    events: unknown[],
    headers: AnswerHeaders,
  ): Promise<CollectorAnswer> {
    const valid: ClientEvent[] = []
    const indexes: number[] = []
    const rejected: RejectedEvent[] = []
    for (let index = 0; index < events.length; index++) {
      const parsed = parseClientEvent(events[index])
      if (Array.isArray(parsed)) rejected.push({ index, issues: parsed })
      else {
        valid.push(parsed)
        indexes.push(index)
      }
    }
    const serverUserId = valid.length > 0 ? ((await userIdOf(input)) ?? undefined) : undefined
    const outcome = await recordEvents(
      {
        request: () => input.request(),
        sessionId,
        serverUserId,
        events: valid,
        indexes,
        room: admission.queueRoom(),
      },
      policy,
    )
    if (outcome.unavailable === 'QUEUE_FULL') return queueFull(headers)
    if (outcome.unavailable) {
      headers.push(['retry-after', '1'])
      return errorAnswer(503, 'UNAVAILABLE', 'the server is shutting down; retry later', headers)
    }
    const result: CollectorResult = {
      accepted: outcome.accepted,
      rejected:
        rejected.length > 0
          ? [...rejected, ...outcome.rejected].sort((a, b) => a.index - b.index)
          : outcome.rejected,
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
      return errorAnswer(400, 'NO_VALID_EVENTS', 'none of the events is valid; see rejected', headers, {
        ...result,
      })
    }
    if (outcome.retryable) headers.push(['retry-after', String(QUEUE_FULL_RETRY_AFTER_SECONDS)])
    return jsonAnswer(202, result, headers)
  }

  function userIdOf(input: CollectorInput) {
    if (input.getUserId) return input.getUserId()
    return options.getUserId?.(input.request())
  }

  function queueFull(headers: AnswerHeaders): CollectorAnswer {
    headers.push(['retry-after', String(QUEUE_FULL_RETRY_AFTER_SECONDS)])
    return errorAnswer(503, 'QUEUE_FULL', 'the event queue is full; retry later', headers)
  }

  async function serve(input: CollectorInput): Promise<CollectorAnswer> {
    try {
      return await handle(input)
    } catch (error) {
      log(logger, 'error', { err: error }, `${LOG_PREFIX} collector failed`)
      return errorAnswer(500, 'INTERNAL', 'internal error')
    }
  }

  /** The Web road: a `Request` seen through the same input the adapters build, at `url` when it is not its own. */
  function fromRequest(request: Request, url: string): CollectorInput {
    let seen: Request | undefined
    return {
      method: request.method,
      url,
      headers: request.headers,
      clientAddress: options.getClientAddress
        ? (options.getClientAddress(request) ?? undefined)
        : clientAddressOf(request),
      parsedBody: parsedBodyOf(request),
      readBody: (maxBytes, timeoutMs) => readBodyCapped(request, maxBytes, timeoutMs),
      request: () => {
        // By the time getUserId or transformEvent asks, the collector has read the body: the copy has none.
        seen ??=
          url === request.url
            ? request
            : new Request(url, { method: request.method, headers: request.headers, signal: request.signal })
        return seen
      },
    }
  }

  async function serveRequest(request: Request, url: string): Promise<Response> {
    let input: CollectorInput
    try {
      input = fromRequest(request, url)
    } catch (error) {
      log(logger, 'error', { err: error }, `${LOG_PREFIX} collector failed`)
      return toResponse(errorAnswer(500, 'INTERNAL', 'internal error'))
    }
    return toResponse(await serve(input))
  }

  const collector = (request: Request): Promise<Response> => serveRequest(request, request.url)
  return Object.assign(collector, {
    serve,
    serveRequest: (request: Request, { url }: { url: string }) => serveRequest(request, url),
    admit: (visitor: { sessionId: string; clientAddress?: string }, count = 1) =>
      admission.admit(visitor.sessionId, visitor.clientAddress, count),
  })
}
