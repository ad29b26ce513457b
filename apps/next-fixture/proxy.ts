import { sessionProxy } from '@personalize-kit/next/proxy'

export const proxy = sessionProxy()
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
