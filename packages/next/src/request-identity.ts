import { resolveSession, type SessionOptions } from '@personalize-kit/core'
import { cookies, headers } from 'next/headers.js'
import { publicOrigin } from './public-url'

/**
 * @internal
 * A stand-in Web `Request` carrying the incoming request's headers (no body), read through `headers()` from
 * `next/headers`, for the app's `getUserId`. Throws outside a request.
 */
export async function incomingRequest(): Promise<Request> {
  const headerList = await headers()
  return new Request(requestUrl(headerList), { headers: headerList })
}

/**
 * @internal
 * Reads the collector's session cookie through `cookies()` from `next/headers`, for code that has no `Request`
 * at hand (Server Components, Server Actions, route handlers). When the cookie is missing a session id is minted
 * and the cookie is set where Next.js allows it (Server Actions, route handlers); a Server Component cannot set
 * cookies, so there the id is reused for the rest of that request only.
 *
 * `mintedSessions` remembers those ids, keyed by the request's headers object (which lives as long as the
 * request), so several events recorded while rendering one request share one session.
 *
 * Throws outside a request (for example at module scope or in `instrumentation.ts`).
 */
export async function sessionFromCookies(
  options: SessionOptions,
  mintedSessions: WeakMap<object, string>,
): Promise<string> {
  const cookieName = options.cookieName ?? 'pk_sid'
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()])
  // An id minted earlier in this request wins (the cookie may be missing or malformed and unwritable here);
  // then cookies(), which reflects a value set earlier in the same Server Action where headers() does not.
  const stored = mintedSessions.get(headerList) ?? cookieStore.get(cookieName)?.value
  const session = resolveSession(
    {
      url: requestUrl(headerList),
      headers: { get: (name) => (name === 'cookie' && stored ? `${cookieName}=${stored}` : null) },
    },
    options,
  )
  if (session.setCookie) {
    mintedSessions.set(headerList, session.sessionId)
    try {
      cookieStore.set(parseSetCookie(session.setCookie))
    } catch {
      // Server Components render after the headers are sent; the next Server Action, route handler or
      // collector request sets the cookie instead.
    }
  }
  return session.sessionId
}

function requestUrl(headerList: Headers): string {
  return `${publicOrigin(headerList, 'http://localhost')}/`
}

/** @internal Turns the collector's `Set-Cookie` value into the object `cookies().set()` takes. */
export function parseSetCookie(value: string): {
  name: string
  value: string
  path?: string
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'lax' | 'strict' | 'none'
  maxAge?: number
  domain?: string
} {
  const [pair = '', ...attributes] = value.split(';').map((part) => part.trim())
  const eq = pair.indexOf('=')
  const cookie: ReturnType<typeof parseSetCookie> = { name: pair.slice(0, eq), value: pair.slice(eq + 1) }
  for (const attribute of attributes) {
    const [key = '', attributeValue = ''] = attribute.split('=')
    switch (key.toLowerCase()) {
      case 'path':
        cookie.path = attributeValue
        break
      case 'httponly':
        cookie.httpOnly = true
        break
      case 'secure':
        cookie.secure = true
        break
      case 'samesite':
        cookie.sameSite = attributeValue.toLowerCase() as 'lax' | 'strict' | 'none'
        break
      case 'max-age':
        cookie.maxAge = Number(attributeValue)
        break
      case 'domain':
        cookie.domain = attributeValue
        break
    }
  }
  return cookie
}
