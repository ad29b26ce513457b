import { sessionProxy } from '@personalize-kit/next/proxy'

// Gives first-time visitors the pk_sid session cookie before anything renders, so the `view` a product page
// records on the server shares its session with the browser's clicks and the checkout.
export const proxy = sessionProxy()

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
