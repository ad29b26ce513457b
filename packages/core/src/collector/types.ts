import type { Dispatcher, EventInput } from '../types'

/**
 * A value or a promise of it: hooks such as `getUserId` and `transformEvent` may be sync or async.
 *
 * @example
 * ```ts
 * const getUserId = (request: Request): MaybePromise<string | undefined> => lookUpSession(request)
 * ```
 */
export type MaybePromise<T> = T | Promise<T>

/**
 * Context handed to {@link CollectorOptions.transformEvent} for every event that passed validation.
 *
 * @example
 * ```ts
 * transformEvent: (event, { request, index }) => ({ ...event, properties: { page: new URL(request.url).pathname } })
 * ```
 */
export interface TransformEventContext {
  /** The incoming Web request (read headers from it; its body is already consumed). */
  request: Request
  /** The session id the event will be recorded under. */
  sessionId: string
  /** The user id from `getUserId` (or the trusted client value), if any. */
  userId: string | undefined
  /** Position of the event in the request's `events` array. */
  index: number
}

/**
 * Options for {@link createCollector}.
 *
 * @example
 * ```ts
 * const collector = createCollector({
 *   dispatcher,
 *   getUserId: async (request) => (await getSession(request))?.userId,
 *   allowedEventTypes: ['view', 'click', 'purchase'],
 * })
 * ```
 */
export interface CollectorOptions extends SessionOptions {
  /** Records the accepted events (see `createDispatcher`). */
  dispatcher: Dispatcher
  /**
   * The signed-in user according to the app's own authentication. The request body can never set the userId
   * unless {@link CollectorOptions.trustClientUserId} is true.
   */
  getUserId?: (request: Request) => MaybePromise<string | null | undefined>
  /** Largest accepted request body in bytes. Default 65536 (64 KiB, also the `sendBeacon` quota). */
  maxBodyBytes?: number
  /** Most events accepted in one request. Default 50. */
  maxEventsPerRequest?: number
  /** When set, events of any other type are rejected (per event, the rest of the request still counts). */
  allowedEventTypes?: readonly string[]
  /**
   * Enrich an event or drop it (return `null`). Runs after validation, before the dispatcher. Dropped events are
   * listed in the response's `dropped` array; a throwing transform rejects that one event.
   */
  transformEvent?: (
    event: EventInput,
    context: TransformEventContext,
  ) => MaybePromise<EventInput | null | undefined>
  /**
   * Origins (e.g. `https://shop.example`) allowed to post besides the collector's own origin. Cross-origin
   * callers in this list also get CORS headers (with credentials) and preflight answers.
   */
  allowedOrigins?: readonly string[]
  /** Events per minute per session; more answer 429 with `Retry-After`. Off by default. */
  rateLimitPerMinute?: number
  /** Sessions tracked by the rate limiter at once; the least recently seen are forgotten first. Default 10000. */
  rateLimitMaxSessions?: number
  /** How far a client `sentAt` may be from server time (ms) before server time is used. Default 600000 (10 min). */
  clockSkewMs?: number
  /** Take `userId` from the request body when `getUserId` has none. Only for clients you control. Default false. */
  trustClientUserId?: boolean
  /** Give up reading a slow request body after this many ms (answers 408). Default 10000. */
  bodyTimeoutMs?: number
  /** Serverless hook: given `dispatcher.flush()` after events were accepted, e.g. Next's `after` or Vercel's. */
  waitUntil?: (promise: Promise<unknown>) => void
}

/**
 * Cookie settings shared by {@link createCollector} and {@link resolveSession}.
 *
 * @example
 * ```ts
 * const session = resolveSession(request, { cookieName: 'pk_sid', cookieMaxAgeSeconds: 60 * 60 * 24 * 30 })
 * ```
 */
export interface SessionOptions {
  /** Session cookie name. Default `pk_sid`. */
  cookieName?: string
  /** Cookie lifetime in seconds. Default 2592000 (30 days). `0` makes it a browser-session cookie. */
  cookieMaxAgeSeconds?: number
  /** Cookie `Domain` attribute, to share the session across subdomains. Default: none (host-only). */
  cookieDomain?: string
  /** Force the `Secure` flag on or off. Default: on exactly when the request URL is https. */
  cookieSecure?: boolean
}

/**
 * One entry of the 202 response's `rejected` array.
 *
 * @example
 * ```ts
 * const { rejected } = (await response.json()) as CollectorResult
 * for (const r of rejected) console.warn(`event ${r.index}:`, r.issues.map((i) => i.message).join('; '))
 * ```
 */
export interface RejectedEvent {
  index: number
  issues: { path: string; message: string }[]
}

/**
 * Body of a 202 (and of a 400 when no event was valid).
 *
 * @example
 * ```ts
 * const result: CollectorResult = await (await fetch('/api/personalize/events', init)).json()
 * ```
 */
export interface CollectorResult {
  accepted: string[]
  rejected: RejectedEvent[]
  dropped: number[]
}
