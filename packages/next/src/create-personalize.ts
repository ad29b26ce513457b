import {
  type CollectorOptions,
  createCollector,
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  dispatcherOptionsFromEnv,
  type EventInput,
  type ItemInput,
  type Logger,
  PersonalizeKitError,
  type Recommendation,
  type RecommendationClient,
  type RecommendationClientOptions,
  type TypedEvent,
  type UserInput,
} from '@personalize-kit/core'
import { platformWaitUntil, runAfterResponse } from './after-response'
import { PAGES_POST, pagesGetUserId } from './pages-collector'
import { publicUrl } from './public-url'
import { createRecommend, type RecommendInput, sharedRecommendations } from './recommend'
import { registry, sharedDispatcher } from './registry'
import { incomingRequest, sessionFromCookies } from './request-identity'
import { eventKey, requestScope } from './request-scope'

/**
 * An event recorded on the server. `sessionId` and `userId` are optional: by default they come from the
 * collector's session cookie and the app's `getUserId`, read through `next/headers`.
 *
 * @example
 * ```ts
 * const event: ServerEventInput = { eventType: 'purchase', itemId: 'sku-42', eventValue: 19.9 }
 * ```
 */
export type ServerEventInput = Omit<EventInput, 'sessionId'> & { sessionId?: string }

/**
 * Options of {@link createPersonalize}: the collector's options (cookie, `getUserId`, limits, policy) plus where
 * the dispatcher comes from.
 *
 * @example
 * ```ts
 * const options: PersonalizeOptions = {
 *   getUserId: async (request) => (await getSession(request.headers))?.user.id,
 *   allowedEventTypes: ['click', 'impression', 'view', 'purchase'],
 * }
 * ```
 */
export interface PersonalizeOptions extends Omit<CollectorOptions, 'dispatcher' | 'waitUntil'> {
  /**
   * Options of the process-wide dispatcher, used only when this process has none yet under `name`. Default:
   * `dispatcherOptionsFromEnv()` (PERSONALIZE_TRACKING_ID, PERSONALIZE_ENDPOINT, AWS_REGION, dataset ARNs; the
   * local emulator when no tracking id is set). Changing them needs a server restart, because the dispatcher
   * deliberately survives hot reloads.
   */
  dispatcherOptions?: DispatcherOptions
  /**
   * A dispatcher you own and close yourself. It replaces the shared one; create it once per process (it is not
   * protected from duplicate creation on hot reload the way the shared dispatcher is).
   */
  dispatcher?: Dispatcher
  /** Instance name, to run several independent configurations in one app. Default `'default'`. */
  name?: string
  /**
   * On hosts that freeze the process after the response (serverless platforms such as Vercel, which give
   * Next.js a `waitUntil`), hand delivery to `after()` from `next/server` whenever a record is accepted inside a
   * request, so it is sent before the function is frozen. Default true. On a long-lived server (`next start`,
   * a container) there is no such `waitUntil` and the dispatcher's interval flush delivers, batching events
   * across requests as with Express. When false, the interval flush always delivers.
   */
  deliverAfterResponse?: boolean
  /**
   * The client behind `recommend`: yours, or options for the process-wide one built on first use over
   * `recommendationClientOptionsFromEnv()` (like the dispatcher, it survives hot reloads: changes need a restart).
   */
  recommendations?: RecommendationClient | RecommendationClientOptions
}

/**
 * What {@link createPersonalize} returns.
 *
 * @example
 * ```ts
 * const { handlers, recordEvent, putItem, putUser, dispatcher } = createPersonalize()
 * ```
 */
export interface Personalize {
  /** Route handlers for `app/api/personalize/events/route.ts`; `OPTIONS` answers CORS preflights for `allowedOrigins`. */
  handlers: {
    POST: (request: Request) => Promise<Response>
    OPTIONS: (request: Request) => Promise<Response>
  }
  /**
   * Records an event from a Server Component, Server Action or route handler. Reads the session cookie and the
   * user through `next/headers` unless `sessionId` (and `userId`) are given; sets the cookie where Next.js allows
   * it. Records only while Next.js serves a request (it waits on `connection()`, so a prerender never records or
   * reads the clock), and the same event recorded again in one request is stored once (same `eventId`). Throws `PersonalizeValidationError` for an invalid event, `PersonalizeQueueFullError` when the queue is
   * full, and a `PersonalizeKitError` with code `PERSONALIZE_NO_REQUEST` when called outside a request without
   * a `sessionId`.
   */
  recordEvent: (input: TypedEvent<ServerEventInput>) => Promise<{ eventId: string }>
  /** Upserts an item of the Items dataset (sent with `PutItems`). */
  putItem: (input: ItemInput) => void
  /** Upserts a user of the Users dataset (sent with `PutUsers`). */
  putUser: (input: UserInput) => void
  /** The process-wide dispatcher, for `flush()`, `stats()` and everything else. */
  dispatcher: Dispatcher
  /**
   * GetRecommendations from a Server Component, Server Action or route handler, for the signed-in user or, for an
   * anonymous visitor, the session their events carry. Answers within the time budget from Personalize, the cache
   * or the fallback (`source` says which); rejects only with a `PersonalizeValidationError`.
   */
  recommend: (input: RecommendInput) => Promise<Recommendation>
}

/**
 * Creates the Next.js binding: the collector's route handlers plus server-side recording, all sharing one
 * dispatcher per process (it survives `next dev` hot reloads and is shared by every bundle of the server).
 * Create it once in a module of your app and import it where you record. It also becomes the instance the
 * zero-config `@personalize-kit/next/route` uses (for its `name`, default `'default'`).
 *
 * @example
 * ```ts
 * // lib/personalize.ts
 * import { createPersonalize } from '@personalize-kit/next'
 * import { auth } from './auth'
 *
 * export const { handlers, recordEvent, putItem, putUser } = createPersonalize({
 *   getUserId: async () => (await auth())?.user?.id,
 * })
 *
 * // app/api/personalize/events/route.ts
 * import { handlers } from '@/lib/personalize'
 * export const { POST } = handlers
 *
 * // app/actions.ts
 * 'use server'
 * import { recordEvent } from '@/lib/personalize'
 * export async function buy(itemId: string) {
 *   await recordEvent({ eventType: 'purchase', itemId })
 * }
 * ```
 */
export function createPersonalize(options: PersonalizeOptions = {}): Personalize {
  const {
    dispatcherOptions,
    dispatcher: ownDispatcher,
    name = 'default',
    deliverAfterResponse = true,
    recommendations,
    ...collectorOptions
  } = options
  const dispatcher =
    ownDispatcher ??
    sharedDispatcher(name, () => createDispatcher(dispatcherOptions ?? dispatcherOptionsFromEnv()))
  const mintedSessions = new WeakMap<object, string>()
  // Per request (keyed by its headers object, which lives exactly as long as the request): the events already
  // recorded, so components that React renders more than once, or several components recording the same event,
  // store it once.
  const recordedInRequest = new WeakMap<object, Map<string, { eventId: string }>>()
  const logger: Logger =
    (collectorOptions as { logger?: Logger }).logger ?? dispatcherOptions?.logger ?? console

  // A long-lived server batches across requests through the dispatcher's interval flush; only a host that
  // freezes the process after the response (it provides waitUntil) needs a send per request.
  const deliver = () => {
    if (deliverAfterResponse && platformWaitUntil()) runAfterResponse(() => dispatcher.flush())
  }

  const collector = createCollector({ ...collectorOptions, dispatcher })
  const pagesCollector = createCollector({
    ...collectorOptions,
    dispatcher,
    getUserId: pagesGetUserId(collectorOptions.getUserId, logger),
  })

  const identify = async (
    input: ServerEventInput,
    inRequest: boolean,
  ): Promise<{ sessionId: string; userId?: string }> => {
    const { getUserId } = collectorOptions
    let { sessionId, userId } = input
    if (!inRequest) {
      if (sessionId === undefined) {
        throw new PersonalizeKitError(
          'PERSONALIZE_NO_REQUEST',
          '[@personalize-kit/next] recordEvent was called outside a request, where there is no session cookie to ' +
            'read: pass sessionId (and userId) explicitly',
        )
      }
      // Outside a request with an explicit sessionId: there is no signed-in user to look up.
      return identity(sessionId, userId)
    }
    if (sessionId !== undefined && (userId !== undefined || !getUserId)) return identity(sessionId, userId)
    const request = await incomingRequest()
    sessionId ??= await sessionFromCookies(collectorOptions, mintedSessions)
    if (userId === undefined && getUserId) userId = (await getUserId(request)) ?? undefined
    return identity(sessionId, userId)
  }

  const record = (event: EventInput): { eventId: string } => {
    const result = dispatcher.recordEvent(event)
    deliver()
    return result
  }

  const recordEvent = async (input: ServerEventInput): Promise<{ eventId: string }> => {
    const scope = await requestScope()
    const event = { ...input, ...(await identify(input, scope !== undefined)) }
    if (!scope) return record(event)
    let recorded = recordedInRequest.get(scope)
    if (!recorded) {
      recorded = new Map()
      recordedInRequest.set(scope, recorded)
    }
    const key = eventKey(event)
    const earlier = recorded.get(key)
    if (earlier) return earlier
    const result = record(event)
    recorded.set(key, result)
    return result
  }

  const serve = async (request: Request): Promise<Response> => {
    const response = await collector.serveRequest(request, { url: publicUrl(request) })
    if (response.status === 202) deliver()
    return response
  }

  const personalize: Personalize & { [PAGES_POST]: (request: Request) => Promise<Response> } = {
    handlers: { POST: serve, OPTIONS: serve },
    recordEvent,
    putItem: (input) => {
      dispatcher.putItem(input)
      deliver()
    },
    putUser: (input) => {
      dispatcher.putUser(input)
      deliver()
    },
    dispatcher,
    recommend: createRecommend(
      (who) => identify(who as ServerEventInput, true),
      sharedRecommendations(name, recommendations),
    ),
    [PAGES_POST]: (request) => pagesCollector.serveRequest(request, { url: publicUrl(request) }),
  }
  registry().instances.set(name, personalize)
  return personalize
}

function identity(sessionId: string, userId: string | undefined): { sessionId: string; userId?: string } {
  return userId === undefined ? { sessionId } : { sessionId, userId }
}
