import type { Server } from 'node:http'
import type {
  CollectorOptions,
  Dispatcher,
  DispatcherOptions,
  EventInput,
  EventTypeName,
  FlushReport,
  GetRecommendationsInput,
  ItemInput,
  Logger,
  MaybePromise,
  Recommendation,
  RecommendationClient,
  RecommendationClientOptions,
  TypedEvent,
  UserInput,
} from '@personalize-kit/core'
import type { Request, RequestHandler } from 'express'

/**
 * A server-side event: like `EventInput`, with `sessionId` and `userId` defaulting to the current request's.
 *
 * @example
 * ```ts
 * req.personalize.recordEvent({ eventType: 'purchase', itemId: 'sku-1', eventValue: 49.9 })
 * ```
 */
export type ServerEventInput = Omit<EventInput, 'sessionId'> & { sessionId?: string }

/**
 * What `personalize()` attaches to every request as `req.personalize`.
 *
 * @example
 * ```ts
 * app.post('/checkout', (req, res) => {
 *   for (const line of cart) req.personalize.recordEvent({ eventType: 'purchase', itemId: line.id })
 *   res.redirect('/thanks')
 * })
 * ```
 */
export interface PersonalizeContext {
  /** From the `pk_sid` cookie, minted (and set on the response) when missing. */
  readonly sessionId: string
  /** From `options.getUserId(req)`, resolved when the request arrived. */
  readonly userId: string | undefined
  /**
   * Records an event for this visitor; throws `PersonalizeValidationError` / `PersonalizeQueueFullError`. Typed by
   * your declared event types (see `Register`).
   */
  recordEvent(event: TypedEvent<ServerEventInput>): { eventId: string }
  /** Upserts an item (`PutItems`); throws on invalid input. */
  putItem(item: ItemInput): void
  /** Upserts a user (`PutUsers`); throws on invalid input. */
  putUser(user: UserInput): void
  /**
   * GetRecommendations for this visitor: `userId`, or for an anonymous visitor the session id (the one their
   * events carry). Answers within the time budget from Personalize, the cache or the fallback; rejects only with
   * a `PersonalizeValidationError`.
   */
  recommend(input: RecommendInput): Promise<Recommendation>
}

/**
 * Input of `req.personalize.recommend`: a GetRecommendations input whose `userId` and `sessionId` default to the
 * request's.
 *
 * @example
 * ```ts
 * const { items, recommendationId } = await req.personalize.recommend({ recommenderArn, numResults: 8 })
 * ```
 */
export type RecommendInput = GetRecommendationsInput

/**
 * The request an autoTrack callback receives: the Express request with `params` taken from the rule's path.
 *
 * @example
 * ```ts
 * const itemId = (req: AutoTrackRequest) => req.params.id
 * ```
 */
export type AutoTrackRequest = Request & { params: Record<string, string> }

/**
 * Records an event for every matching request whose response finishes with a 2xx status.
 *
 * @example
 * ```ts
 * const rule: AutoTrackRule = { method: 'GET', path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id }
 * ```
 */
export interface AutoTrackRule {
  /** HTTP method to match; default `GET`. */
  method?: string
  /** `/products/:id` style pattern (`:name` = one segment, trailing `*` = the rest) or a RegExp with named groups. */
  path: string | RegExp
  eventType: EventTypeName
  itemId?: (req: AutoTrackRequest) => string | undefined
  eventValue?: (req: AutoTrackRequest) => number | undefined
  properties?: (req: AutoTrackRequest) => Record<string, unknown> | undefined
}

/**
 * Options of `personalize()`: the collector's options plus Express specifics.
 *
 * @example
 * ```ts
 * app.use(personalize({ getUserId: (req) => req.session?.userId, allowedEventTypes: ['click', 'view'] }))
 * ```
 */
export interface PersonalizeOptions
  extends Omit<CollectorOptions, 'dispatcher' | 'getUserId' | 'getClientAddress'> {
  /** A dispatcher of your own. Default: one built from `dispatcherOptions` over `dispatcherOptionsFromEnv()`. */
  dispatcher?: Dispatcher
  /** Overrides merged over `dispatcherOptionsFromEnv()` when no `dispatcher` is given. */
  dispatcherOptions?: DispatcherOptions
  /** Where the collector is served. Default `/api/personalize/events`. */
  path?: string
  /** The signed-in user according to your own auth (mount your auth middleware first). */
  getUserId?: (req: Request) => MaybePromise<string | null | undefined>
  /**
   * The client address for `rateLimitPerAddressPerMinute`. Default `req.ip`, which follows your app's
   * `trust proxy` setting (so behind a proxy, set `app.set('trust proxy', …)` to the proxies you run); a raw
   * `X-Forwarded-For` is never read by default.
   */
  getClientAddress?: (req: Request) => string | undefined
  /**
   * Recorded for every matching request whose response finishes with a 2xx. These views count against the
   * collector's limits like browser events: the session's `rateLimitPerMinute`, the address's
   * `rateLimitPerAddressPerMinute` and `maxQueueShare`. A view over a limit is not recorded and is logged.
   */
  autoTrack?: readonly AutoTrackRule[]
  /**
   * The client behind `req.personalize.recommend`: yours, or options for one built on first use over
   * `recommendationClientOptionsFromEnv()` (destroyed by `close()`).
   */
  recommendations?: RecommendationClient | RecommendationClientOptions
}

/**
 * Options of {@link PersonalizeMiddleware.handleShutdown}.
 *
 * @example
 * ```ts
 * pk.handleShutdown(server, { timeoutMs: 5000, signals: ['SIGTERM'] })
 * ```
 */
export interface ShutdownOptions {
  /** Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[]
  /**
   * Total time for in-flight requests plus the final flush, in ms. Default 10000. `Infinity` means no deadline;
   * NaN, negative and non-numbers throw `PersonalizeValidationError` when `handleShutdown` is called.
   */
  timeoutMs?: number
  /** Call `process.exit(0)` once flushed (a signal handler otherwise keeps the process alive). Default true. */
  exit?: boolean
  /** Runs after the final flush, before exiting (stop other resources here). Errors are logged. */
  onShutdown?: (report: FlushReport) => unknown
  /** Where the shutdown lines go (pino-compatible). Default: the middleware's `logger`. */
  logger?: Logger
}

/**
 * The middleware returned by `personalize()`, with its dispatcher and shutdown helpers.
 *
 * @example
 * ```ts
 * const pk = personalize()
 * app.use(pk)
 * pk.handleShutdown(app.listen(3000))
 * ```
 */
export type PersonalizeMiddleware = RequestHandler & {
  readonly dispatcher: Dispatcher
  /** The logger in use: `options.logger`, else the dispatcher's. Handy for logging a failed `recordEvent`. */
  readonly logger: Logger
  /** The client behind `req.personalize.recommend` (built on first use), for `stats()` and `clearCache()`. */
  readonly recommendations: RecommendationClient
  /** Closes the dispatcher, flushing what it holds. Memoised: every call returns the same promise. */
  close(options?: { timeoutMs?: number }): Promise<FlushReport>
  /** On server close or a signal: stop accepting, let requests finish, flush, then exit. Returns an undo function. */
  handleShutdown(server: Server, options?: ShutdownOptions): () => void
}

declare global {
  namespace Express {
    interface Request {
      /** Attached by `personalize()` from `@personalize-kit/express`. */
      personalize: PersonalizeContext
    }
  }
}
