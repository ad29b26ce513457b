/** The cookie that holds the signed-in demo user. A real app would use its auth library's session. */
export const USER_COOKIE = 'shop_user'

export const demoUsers = [
  { id: 'user-alice', name: 'Alice' },
  { id: 'user-bob', name: 'Bob' },
] as const

/**
 * Reads the demo user id from a `Cookie` header. The collector calls this (through `getUserId`) to attribute
 * browser events to the signed-in user: identity comes from the server's own session, never the request body.
 */
export function userIdFromCookieHeader(header: string | null): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name === USER_COOKIE) return decodeURIComponent(rest.join('=')) || undefined
  }
  return undefined
}

/** A display name for a user id: the demo users by name, signed-up users by the name they chose. */
export function displayName(userId: string): string {
  return demoUsers.find((user) => user.id === userId)?.name ?? userId.replace(/^user-/, '')
}
