import { sessionProxy } from '@personalize-kit/next/proxy'

// Next 15 calls it middleware.ts (the same function as Next 16's proxy.ts). Its default runtime there is Edge;
// the session needs Node.js (stable for middleware since 15.5), which Next 16's proxy.ts uses by default.
export const middleware = sessionProxy()
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
  runtime: 'nodejs',
}
