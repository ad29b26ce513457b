import { resolveSession, type SessionOptions } from '@personalize-kit/core'
import { type NextRequest, NextResponse } from 'next/server.js'
import { publicOrigin } from './public-url'

/**
 * Creates a Next.js `proxy` (Next 16; `middleware` on 15) that gives every visitor the collector's session
 * cookie on their first page request, before anything renders. Without it, a Server Component that records an
 * event for a first-time visitor cannot set the cookie (Next.js forbids cookie writes while rendering), so that
 * event's session would differ from the one the browser's events get later.
 *
 * The minted cookie is set on the response and also written into the request's `Cookie` header, so Server
 * Components, Server Actions and route handlers of this very request already see it. Call the returned function
 * from your own proxy to combine it with other logic.
 *
 * @example
 * ```ts title="proxy.ts"
 * import { sessionProxy } from '@personalize-kit/next/proxy'
 *
 * export const proxy = sessionProxy()
 * export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
 * ```
 */
export function sessionProxy(options: SessionOptions = {}): (request: NextRequest) => NextResponse {
  const cookieName = options.cookieName ?? 'pk_sid'
  return (request) => {
    // Judged by the public origin, so the cookie is `Secure` behind an HTTPS proxy.
    const url = publicOrigin(request.headers, request.url)
    const { sessionId, setCookie } = resolveSession({ url, headers: request.headers }, options)
    if (!setCookie) return NextResponse.next()
    const headers = new Headers(request.headers)
    // Drop a malformed value resolveSession refused, then add the minted id for this request's own renders.
    const kept = (headers.get('cookie') ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter((part) => part && !part.startsWith(`${cookieName}=`))
    headers.set('cookie', [...kept, `${cookieName}=${sessionId}`].join('; '))
    const response = NextResponse.next({ request: { headers } })
    response.headers.append('set-cookie', setCookie)
    return response
  }
}
