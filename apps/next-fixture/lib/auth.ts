import { cookies } from 'next/headers'

/** The signed-in user, as an auth library's `auth()` would read it in the App Router: through next/headers. */
export async function auth(): Promise<{ user: { id: string } } | undefined> {
  const id = (await cookies()).get('fixture_user')?.value
  return id ? { user: { id } } : undefined
}

/** The same session read from a request's headers, which works in every router (and in the Pages Router). */
export function userIdFromRequest(request: Request): string | undefined {
  const match = /(?:^|;\s*)fixture_user=([^;]+)/.exec(request.headers.get('cookie') ?? '')
  return match?.[1]
}
