import type { Dispatcher, EventInput, Logger } from '../types'
import type { CollectorAnswer, CollectorInput } from './collector-input'

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
  /** The incoming Web request (read headers from it; its body is already consumed). Built on first access. */
  readonly request: Request
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
  /**
   * Events per minute per session; more answer 429 with `Retry-After`. Off by default. Must be at least
   * `maxEventsPerRequest` (else a full request could never pass). `autoTrack` page views count against it too.
   */
  rateLimitPerMinute?: number
  /**
   * Events per minute per client address, so a client that drops its session cookie cannot bypass
   * `rateLimitPerMinute`. Default: 10 × `rateLimitPerMinute` (several visitors may share an address behind a NAT),
   * off when that is off; `Infinity` turns it off. The address is the one the adapter knows (Express's `req.ip`,
   * which follows your `trust proxy` setting, or the socket's), or what `getClientAddress` returns; never a raw
   * `X-Forwarded-For`.
   */
  rateLimitPerAddressPerMinute?: number
  /**
   * Sessions (and, separately, client addresses) tracked by the rate limiters at once; the least recently seen are
   * forgotten first. Default 10000.
   */
  rateLimitMaxSessions?: number
  /**
   * The client address of a request, for `rateLimitPerAddressPerMinute`. Default: the address the adapter attached
   * (`toWebRequest` and `@personalize-kit/express` do; see `withClientAddress`); without one, only the per-session
   * limit applies. Read a forwarding header here only when a proxy you control sets it.
   */
  getClientAddress?: (request: Request) => string | null | undefined
  /**
   * The share of the dispatcher's queue (`maxQueueSize`, counting queued and in-flight records) that browser
   * events may fill, between 0 (exclusive) and 1. Beyond it the collector answers `503` with `Retry-After`, while
   * records your server makes (the dispatcher directly, `req.personalize`, `recordEvent`) are still accepted up
   * to the full queue: a purchase is never refused because anonymous visitors sent clicks. Default 0.5.
   */
  maxQueueShare?: number
  /**
   * Where the collector logs (pino-compatible: `logger.warn(context, message)`). Default: the dispatcher's logger.
   */
  logger?: Logger
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

/**
 * Answer of {@link Collector.admit}: whether events recorded on a browser's behalf may go in, and if not, why.
 *
 * @example
 * ```ts
 * const admission = collector.admit({ sessionId, clientAddress: req.ip })
 * if (!admission.ok) logger.warn({ reason: admission.reason }, admission.message)
 * ```
 */
export type CollectorAdmission =
  | { ok: true }
  | {
      ok: false
      /** Which limit refused: the session's or the address's rate limit, or the browser share of the queue. */
      reason: 'session-rate-limit' | 'address-rate-limit' | 'queue-share'
      retryAfterSeconds: number
      message: string
    }

/**
 * Who a browser-driven record is for, as {@link Collector.admit} needs it.
 *
 * @example
 * ```ts
 * const visitor: CollectorVisitor = { sessionId: req.personalize.sessionId, clientAddress: req.ip }
 * ```
 */
export interface CollectorVisitor {
  sessionId: string
  /** The client address, as `withClientAddress` would attach it; without it only the session limit applies. */
  clientAddress?: string
}

/**
 * The handler returned by `createCollector`: `(request: Request) => Promise<Response>`, plus `admit` for events an
 * adapter records on a browser's behalf outside the collector (such as `autoTrack` page views), so they count
 * against the same limits.
 *
 * @example
 * ```ts
 * const collector: Collector = createCollector({ dispatcher, rateLimitPerMinute: 600 })
 * export const POST = collector
 * ```
 */
export interface Collector {
  (request: Request): Promise<Response>
  /**
   * The same handling for an adapter that already holds the request's parts (headers, a parsed body, the client
   * address): no Web `Request` or `Response` is built unless `getUserId` or `transformEvent` needs the request.
   * Never rejects.
   */
  serve(input: CollectorInput): Promise<CollectorAnswer>
  /**
   * The Web handler for a request whose `url` is not the one the browser used: a framework that fills `request.url`
   * with the server's bind address (Next.js on `next start`) passes the public URL here instead of building a
   * second `Request`, which would copy its headers and pipe its body through another stream. The URL decides the
   * same-origin check and the session cookie's `Secure` flag; `getUserId` and `transformEvent` see a body-less
   * copy of the request at that URL, built only if they read it. Never rejects.
   */
  serveRequest(request: Request, options: { url: string }): Promise<Response>
  /**
   * Takes `count` (default 1) events from the visitor's session and address rate limits, and checks the browser
   * share of the queue. Tokens are taken only when the answer is `ok`.
   */
  admit(visitor: CollectorVisitor, count?: number): CollectorAdmission
}
