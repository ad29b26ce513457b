/**
 * The zero-configuration collector route for the App Router.
 *
 * ```ts title="app/api/personalize/events/route.ts"
 * export { POST } from '@personalize-kit/next/route'
 * export const runtime = 'nodejs'
 * ```
 *
 * It serves the instance your app created with `createPersonalize()` when one exists in the process (create it
 * in a module that `instrumentation.ts` imports, so it is registered before the first request), and otherwise
 * one configured from the environment: `PERSONALIZE_TRACKING_ID`, `PERSONALIZE_ENDPOINT`, `AWS_REGION` and the
 * dataset ARNs, or the local emulator when no tracking id is set. Sessions come from the `pk_sid` cookie;
 * without a `getUserId` from your app, browser events are anonymous (Personalize links them to the user through
 * the session once a server-side event carries both ids).
 *
 * @module @personalize-kit/next/route
 */
import { defaultInstance } from './default-instance'

/**
 * Receives browser events (`{ events: [...] }`) and answers 202 with the accepted event ids; delivery happens
 * after the response through `after()`.
 *
 * @example
 * ```ts title="app/api/personalize/events/route.ts"
 * export { POST } from '@personalize-kit/next/route'
 * export const runtime = 'nodejs'
 * ```
 */
export function POST(request: Request): Promise<Response> {
  return defaultInstance().handlers.POST(request)
}

/**
 * Answers CORS preflights for the `allowedOrigins` of the app's instance. Only needed when other origins post
 * events.
 *
 * @example
 * ```ts title="app/api/personalize/events/route.ts"
 * export { OPTIONS, POST } from '@personalize-kit/next/route'
 * ```
 */
export function OPTIONS(request: Request): Promise<Response> {
  return defaultInstance().handlers.OPTIONS(request)
}
