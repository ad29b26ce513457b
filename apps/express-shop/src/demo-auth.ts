import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

const COOKIE = 'shop_uid'

/**
 * The shop's own (demo) authentication: a signed `shop_uid` cookie. Personalize never sees this cookie; the
 * collector asks `userOf(req)` through `getUserId`, so a browser cannot claim another user's id.
 */
export interface DemoAuth {
  userOf(cookieHeader: string | undefined): string | undefined
  signInCookie(userId: string, secure: boolean): string
  signOutCookie(): string
}

/** Creates the demo auth with its own signing secret (random unless given). */
export function createDemoAuth(secret: string = randomBytes(32).toString('hex')): DemoAuth {
  const sign = (userId: string) => createHmac('sha256', secret).update(userId).digest('base64url')
  return {
    userOf(cookieHeader) {
      const raw = cookieHeader
        ?.split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${COOKIE}=`))
        ?.slice(COOKIE.length + 1)
      if (!raw) return undefined
      const value = decodeURIComponent(raw)
      const dot = value.lastIndexOf('.')
      if (dot <= 0) return undefined
      const userId = value.slice(0, dot)
      const given = Buffer.from(value.slice(dot + 1))
      const expected = Buffer.from(sign(userId))
      return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined
    },
    signInCookie(userId, secure) {
      const value = encodeURIComponent(`${userId}.${sign(userId)}`)
      return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000${secure ? '; Secure' : ''}`
    },
    signOutCookie() {
      return `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`
    },
  }
}
