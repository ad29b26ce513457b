import { cookies } from 'next/headers'
import { displayName, USER_COOKIE } from './users'

/** The signed-in user, if any, for Server Components and Server Actions. */
export async function currentUser(): Promise<{ id: string; name: string } | undefined> {
  const id = (await cookies()).get(USER_COOKIE)?.value
  return id ? { id, name: displayName(id) } : undefined
}
