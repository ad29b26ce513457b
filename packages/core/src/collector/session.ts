import type { SessionOptions } from './types'

const DEFAULT_COOKIE_NAME = 'pk_sid'
const DEFAULT_MAX_AGE_SECONDS = 60 * 60 * 24 * 30
// Accept only ids shaped like ours (or a sane app-provided one) so a hand-edited cookie cannot smuggle
// separators or huge strings into PutEvents' 256-char sessionId.
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

/**
 * The minimum of a request {@link resolveSession} reads: a Web `Request` fits, and so does a cheap stand-in
 * built from a Node request.
 *
 * @example
 * ```ts
 * const input: SessionRequest = { url: 'https://shop.example/', headers: new Headers({ cookie: 'pk_sid=...' }) }
 * ```
 */
export interface SessionRequest {
  url: string
  headers: { get(name: string): string | null }
}

/**
 * Result of {@link resolveSession}.
 *
 * @example
 * ```ts
 * const { sessionId, setCookie } = resolveSession(request, {})
 * if (setCookie) headers.append('set-cookie', setCookie)
 * ```
 */
export interface ResolvedSession {
  sessionId: string
  /** A `Set-Cookie` header value, present only when a new session id was minted. */
  setCookie?: string
}

/**
 * Reads the session id from the session cookie, or mints a random 128-bit one and returns the `Set-Cookie`
 * value to send back (`HttpOnly; SameSite=Lax; Path=/`, plus `Secure` on https).
 *
 * @example
 * ```ts
 * import { resolveSession } from '@personalize-kit/core'
 *
 * const { sessionId, setCookie } = resolveSession(request, { cookieName: 'pk_sid' })
 * ```
 */
export function resolveSession(request: SessionRequest, options: SessionOptions = {}): ResolvedSession {
  const name = options.cookieName ?? DEFAULT_COOKIE_NAME
  const existing = readCookie(request.headers.get('cookie'), name)
  if (existing !== undefined && SESSION_ID_PATTERN.test(existing)) return { sessionId: existing }
  const sessionId = mintSessionId()
  return { sessionId, setCookie: serializeSessionCookie(name, sessionId, request.url, options) }
}

/** @internal 16 random bytes as 32 lowercase hex characters. */
export function mintSessionId(): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}

/** @internal */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    if (part.slice(0, eq).trim() !== name) continue
    const raw = part.slice(eq + 1).trim()
    const unquoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw
    try {
      return decodeURIComponent(unquoted)
    } catch {
      return unquoted
    }
  }
  return undefined
}

function serializeSessionCookie(name: string, value: string, url: string, options: SessionOptions): string {
  const maxAge = options.cookieMaxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS
  const secure = options.cookieSecure ?? isHttps(url)
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (maxAge > 0) parts.push(`Max-Age=${Math.floor(maxAge)}`)
  if (options.cookieDomain) parts.push(`Domain=${options.cookieDomain}`)
  if (secure) parts.push('Secure')
  return parts.join('; ')
}

function isHttps(url: string): boolean {
  return url.startsWith('https:')
}
