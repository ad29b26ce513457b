import { headers } from 'next/headers.js'
import { connection } from 'next/server.js'
import { isNextSignal } from './next-signal'

/**
 * @internal
 * Waits until Next.js is serving a real request, and returns an object that lives exactly as long as that
 * request (its headers), or undefined outside any request.
 *
 * `connection()` is Next's own "what follows needs a real request" marker. While Next prerenders (`next build`,
 * the static shell of a Cache Components page, and the runtime prefetch that Partial Prefetching renders a
 * second time inside each request) it never resolves, so nothing after it runs there: no record, no clock read,
 * no double count. Without Cache Components a prerender throws Next's "render this on demand" signal instead,
 * which is passed on. Outside a request (a timer, a script, `after()`) it throws a plain error and the caller
 * goes on without a request scope.
 */
export async function requestScope(): Promise<object | undefined> {
  try {
    await connection()
  } catch (error) {
    if (isNextSignal(error)) throw error
  }
  try {
    return await headers()
  } catch (error) {
    if (isNextSignal(error)) throw error
    return undefined
  }
}

/**
 * @internal
 * What makes two calls in one request "the same event": every field that reaches Personalize.
 */
export function eventKey(event: object): string {
  return JSON.stringify(event)
}
