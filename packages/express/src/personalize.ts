// Express adapter: translates Express requests to the Web-standard collector from @personalize-kit/core
// (`createCollector`) through @personalize-kit/core/node, and adds `req.personalize` plus autoTrack.
import {
  createCollector,
  createDispatcher,
  type Dispatcher,
  dispatcherOptionsFromEnv,
  type FlushReport,
  type Logger,
  type RecommendationClient,
  type TypedEvent,
} from '@personalize-kit/core'
import {
  toCollectorInput,
  toWebRequest,
  writeCollectorAnswer,
  writeWebResponse,
} from '@personalize-kit/core/node'
import type { NextFunction, Request, Response } from 'express'
import { type CompiledRule, compileRules } from './auto-track'
import { log } from './log'
import { lazyRecommendations } from './recommend'
import { RequestContext } from './request-context'
import { handleShutdown } from './shutdown'
import type { AutoTrackRequest, PersonalizeMiddleware, PersonalizeOptions, ServerEventInput } from './types'

const LOG_PREFIX = '[@personalize-kit/express]'

/**
 * Express middleware (Express 4 and 5) that serves the event collector at `options.path`, attaches
 * `req.personalize` to every request and records `autoTrack` rules when responses finish with a 2xx.
 *
 * @example
 * ```ts title="server.ts"
 * import express from 'express'
 * import { personalize } from '@personalize-kit/express'
 *
 * const app = express()
 * const pk = personalize({
 *   getUserId: (req) => req.user?.id,
 *   autoTrack: [{ method: 'GET', path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id }],
 * })
 * app.use(pk)
 * pk.handleShutdown(app.listen(3000))
 * ```
 */
export function personalize(options: PersonalizeOptions = {}): PersonalizeMiddleware {
  const dispatcher: Dispatcher =
    options.dispatcher ?? createDispatcher({ ...dispatcherOptionsFromEnv(), ...options.dispatcherOptions })
  const path = options.path ?? '/api/personalize/events'
  const rules = compileRules(options.autoTrack ?? [])
  // The collector sees Web Requests; this maps them back so getUserId can read the Express request.
  const origins = new WeakMap<globalThis.Request, Request>()
  const { getUserId, getClientAddress, ...collectorOptions } = options
  const logger: Logger = options.logger ?? dispatcher.logger
  const collector = createCollector({
    ...collectorOptions,
    dispatcher,
    logger,
    getUserId: getUserId && ((request) => getUserId(origins.get(request) as Request)),
  })
  // req.ip follows the app's `trust proxy` setting; the socket address is the fallback, never X-Forwarded-For.
  const clientAddress = (req: Request): string | undefined =>
    (getClientAddress ? getClientAddress(req) : req.ip) ?? req.socket?.remoteAddress
  let closing: Promise<FlushReport> | undefined
  const recommendations = lazyRecommendations(options.recommendations, logger)

  /** Serves the collector; resolves when the response is written. */
  async function serveCollector(req: Request, res: Response): Promise<void> {
    const conversion = {
      maxBodyBytes: options.maxBodyBytes ?? 65_536,
      parsedBody: req.body,
      clientAddress: clientAddress(req),
    }
    // The usual case, a body express.json() parsed: answered through res without Web Request/Response objects.
    const input = toCollectorInput(
      req,
      res,
      getUserId ? { ...conversion, getUserId: () => getUserId(req) } : conversion,
    )
    if (input) {
      writeCollectorAnswer(await collector.serve(input), res)
      return
    }
    const request = toWebRequest(req, res, conversion)
    origins.set(request, req)
    await writeWebResponse(await collector(request), res)
  }

  function prepare(req: Request, res: Response, fullPath: string, userId: string | undefined): void {
    req.personalize = new RequestContext(req, res, userId, dispatcher, options, recommendations.get)
    // A page the browser navigates to gets its session cookie with the HTML: otherwise the page's first event
    // batches (a fetch and a page-hide beacon can race) would each mint a different session. API, asset and
    // machine requests skip this and only pay for a session when they use one.
    if (req.method === 'GET' && isDocumentRequest(req)) void req.personalize.sessionId
    for (const compiled of rules) {
      const params = compiled.method === req.method ? compiled.match(fullPath) : undefined
      if (params) {
        // Resolve the session now: at finish the Set-Cookie for a new session could no longer be sent.
        void req.personalize.sessionId
        res.once('finish', () => autoTrack(req, res, compiled, params))
        break
      }
    }
  }

  function autoTrack(req: Request, res: Response, { rule }: CompiledRule, params: Record<string, string>) {
    if (res.statusCode < 200 || res.statusCode > 299) return
    const target = Object.assign(Object.create(req) as AutoTrackRequest, { params })
    // A view counts like a browser event: a client cannot bypass the limits by reloading pages.
    const admission = collector.admit({
      sessionId: req.personalize.sessionId,
      clientAddress: clientAddress(req),
    })
    if (!admission.ok) {
      log(
        logger,
        'warn',
        { reason: admission.reason, eventType: rule.eventType, path: req.originalUrl },
        `${LOG_PREFIX} autoTrack ${rule.eventType} for ${req.originalUrl} not recorded: ${admission.message}`,
      )
      return
    }
    try {
      const itemId = rule.itemId?.(target)
      const eventValue = rule.eventValue?.(target)
      const properties = rule.properties?.(target)
      const event: ServerEventInput = {
        eventType: rule.eventType,
        ...(itemId !== undefined && { itemId }),
        ...(eventValue !== undefined && { eventValue }),
        ...(properties !== undefined && { properties }),
      }
      // The rule's properties are checked at run time like any event; with declared event types they cannot be
      // narrowed here, only the rule's eventType is (AutoTrackRule).
      req.personalize.recordEvent(event as TypedEvent<ServerEventInput>)
    } catch (error) {
      log(
        logger,
        'warn',
        { err: error, eventType: rule.eventType, path: req.originalUrl },
        `${LOG_PREFIX} autoTrack ${rule.eventType} for ${req.originalUrl} not recorded`,
      )
    }
  }

  // Synchronous for every non-collector request (unless getUserId returns a promise): no extra promise step.
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const fullPath = req.baseUrl + req.path
    if (fullPath === path || fullPath === `${path}/`) {
      serveCollector(req, res).catch(next)
      return
    }
    if (!getUserId) {
      prepare(req, res, fullPath, undefined)
      next()
      return
    }
    let userId: ReturnType<typeof getUserId>
    try {
      userId = getUserId(req)
    } catch (error) {
      next(error)
      return
    }
    if (isPromiseLike(userId)) {
      Promise.resolve(userId).then((resolved) => {
        prepare(req, res, fullPath, resolved ?? undefined)
        next()
      }, next)
      return
    }
    prepare(req, res, fullPath, userId ?? undefined)
    next()
  }
  const close = (opts?: { timeoutMs?: number }) => {
    closing ??= dispatcher.close(opts).finally(recommendations.destroy)
    return closing
  }
  // A getter (Object.assign would call it): the recommendation client is built on first use only.
  Object.defineProperty(middleware, 'recommendations', { get: recommendations.get, enumerable: true })
  return Object.assign(middleware as typeof middleware & { recommendations: RecommendationClient }, {
    dispatcher,
    logger,
    close,
    handleShutdown: (server: Parameters<PersonalizeMiddleware['handleShutdown']>[0], opts = {}) =>
      handleShutdown(server, close, opts, logger),
  })
}

function isDocumentRequest(req: Request): boolean {
  const dest = req.headers['sec-fetch-dest']
  if (dest !== undefined) return dest === 'document'
  return req.headers.accept?.includes('text/html') ?? false
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
}
