import {
  type CollectorOptions,
  createCollector,
  createDispatcher,
  type Dispatcher,
  type DispatcherOptions,
  dispatcherOptionsFromEnv,
  type EventInput,
  type ItemInput,
  PersonalizeKitError,
  type UserInput,
} from '@personalize-kit/core'
import { runAfterResponse } from './after-response'
import { withPublicUrl } from './public-url'
import { registry, sharedDispatcher } from './registry'
import { incomingRequest, sessionFromCookies } from './request-identity'

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
   * Hand delivery to `after()` from `next/server` whenever a record is accepted inside a request, so it is sent
   * right after the response (and before a serverless function is frozen). Default true. When false, or
   * outside a request, the dispatcher's interval flush delivers.
   */
  deliverAfterResponse?: boolean
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
   * it. Throws `PersonalizeValidationError` for an invalid event, `PersonalizeQueueFullError` when the queue is
   * full, and a `PersonalizeKitError` with code `PERSONALIZE_NO_REQUEST` when called outside a request without
   * a `sessionId`.
   */
  recordEvent: (input: ServerEventInput) => Promise<{ eventId: string }>
  /** Upserts an item of the Items dataset (sent with `PutItems`). */
  putItem: (input: ItemInput) => void
  /** Upserts a user of the Users dataset (sent with `PutUsers`). */
  putUser: (input: UserInput) => void
  /** The process-wide dispatcher, for `flush()`, `stats()` and everything else. */
  dispatcher: Dispatcher
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
 * export const runtime = 'nodejs'
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
    ...collectorOptions
  } = options
  const dispatcher =
    ownDispatcher ??
    sharedDispatcher(name, () => createDispatcher(dispatcherOptions ?? dispatcherOptionsFromEnv()))
  const mintedSessions = new WeakMap<object, string>()

  const deliver = () => {
    if (deliverAfterResponse) runAfterResponse(() => dispatcher.flush())
  }

  const collector = createCollector({
    ...collectorOptions,
    dispatcher,
    // The collector hands over `dispatcher.flush()` once events are accepted; after() keeps it alive past the
    // response. Outside a request scope it is simply left running (the server is long-lived there).
    waitUntil: (promise) => {
      if (deliverAfterResponse) runAfterResponse(() => promise)
    },
  })

  const identify = async (input: ServerEventInput): Promise<{ sessionId: string; userId?: string }> => {
    const { getUserId } = collectorOptions
    let { sessionId, userId } = input
    if (sessionId !== undefined && (userId !== undefined || !getUserId)) return identity(sessionId, userId)
    let request: Request | undefined
    try {
      request = await incomingRequest()
      sessionId ??= await sessionFromCookies(collectorOptions, mintedSessions)
    } catch (error) {
      if (isNextSignal(error)) throw error
      if (sessionId === undefined) {
        throw new PersonalizeKitError(
          'PERSONALIZE_NO_REQUEST',
          '[@personalize-kit/next] recordEvent was called outside a request, where there is no session cookie to ' +
            'read: pass sessionId (and userId) explicitly',
          { cause: error },
        )
      }
      // Outside a request with an explicit sessionId: there is no signed-in user to look up.
      return identity(sessionId, userId)
    }
    if (userId === undefined && getUserId) userId = (await getUserId(request)) ?? undefined
    return identity(sessionId, userId)
  }

  const recordEvent = async (input: ServerEventInput): Promise<{ eventId: string }> => {
    const result = dispatcher.recordEvent({ ...input, ...(await identify(input)) })
    deliver()
    return result
  }

  const serve = (request: Request): Promise<Response> => collector(withPublicUrl(request))

  const personalize: Personalize = {
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
  }
  registry().instances.set(name, personalize)
  return personalize
}

function identity(sessionId: string, userId: string | undefined): { sessionId: string; userId?: string } {
  return userId === undefined ? { sessionId } : { sessionId, userId }
}

/**
 * TRICKY: Next.js tells itself "this page reads cookies, render it on demand" (and redirects, prerender
 * interruptions, postponing) by throwing from `cookies()`/`headers()`; such errors must reach Next untouched. They
 * all carry a string `digest` (React's postpone a `$$typeof` marker), unlike the plain Error thrown outside a
 * request. `unstable_rethrow` from `next/navigation` would say the same, but importing that module breaks route
 * handler bundles.
 */
function isNextSignal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const signal = error as { digest?: unknown; $$typeof?: unknown }
  return typeof signal.digest === 'string' || signal.$$typeof === Symbol.for('react.postpone')
}
