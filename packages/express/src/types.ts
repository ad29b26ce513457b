import type { Server } from 'node:http'
import type {
  CollectorOptions,
  Dispatcher,
  DispatcherOptions,
  EventInput,
  FlushReport,
  ItemInput,
  MaybePromise,
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
  /** Records an event for this visitor; throws `PersonalizeValidationError` / `PersonalizeQueueFullError`. */
  recordEvent(event: ServerEventInput): { eventId: string }
  /** Upserts an item (`PutItems`); throws on invalid input. */
  putItem(item: ItemInput): void
  /** Upserts a user (`PutUsers`); throws on invalid input. */
  putUser(user: UserInput): void
}

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
  eventType: string
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
export interface PersonalizeOptions extends Omit<CollectorOptions, 'dispatcher' | 'getUserId'> {
  /** A dispatcher of your own. Default: one built from `dispatcherOptions` over `dispatcherOptionsFromEnv()`. */
  dispatcher?: Dispatcher
  /** Overrides merged over `dispatcherOptionsFromEnv()` when no `dispatcher` is given. */
  dispatcherOptions?: DispatcherOptions
  /** Where the collector is served. Default `/api/personalize/events`. */
  path?: string
  /** The signed-in user according to your own auth (mount your auth middleware first). */
  getUserId?: (req: Request) => MaybePromise<string | null | undefined>
  autoTrack?: readonly AutoTrackRule[]
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
  /** Total time for in-flight requests plus the final flush. Default 10000. */
  timeoutMs?: number
  /** Call `process.exit(0)` once flushed (a signal handler otherwise keeps the process alive). Default true. */
  exit?: boolean
  /** Runs after the final flush, before exiting (stop other resources here). Errors are logged. */
  onShutdown?: (report: FlushReport) => unknown
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
