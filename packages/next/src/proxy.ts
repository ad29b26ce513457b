/**
 * The session cookie for first-time visitors, set before anything renders (Next 16 `proxy.ts`, or
 * `middleware.ts` on Next 15), so events recorded by Server Components share the browser's session.
 *
 * ```ts title="proxy.ts"
 * import { sessionProxy } from '@personalize-kit/next/proxy'
 *
 * export const proxy = sessionProxy()
 * export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
 * ```
 *
 * @module @personalize-kit/next/proxy
 */
export { sessionProxy } from './session-proxy'
