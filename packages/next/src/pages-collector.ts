import type { CollectorOptions, Logger } from '@personalize-kit/core'

/**
 * @internal
 * Where an instance keeps the collector it serves to the Pages Router (a `Symbol.for` key, so an instance from
 * another bundle of the same server still has it).
 */
export const PAGES_POST = Symbol.for('@personalize-kit/next.pages-post')

type GetUserId = NonNullable<CollectorOptions['getUserId']>

/**
 * @internal
 * The app's `getUserId` for Pages Router API routes. A `getUserId` written for the App Router may read the user
 * through `cookies()`/`headers()` (an auth library's `auth()`), which throw "outside a request scope" there:
 * the Pages Router has no such scope. The events are then recorded under their session without a user (Personalize
 * still links the session to the user through any server-side event that carries both), and a warning says once
 * per instance how to fix it, instead of the whole batch failing with 500.
 */
export function pagesGetUserId(getUserId: GetUserId | undefined, logger: Logger): GetUserId | undefined {
  if (!getUserId) return undefined
  let warned = false
  return async (request) => {
    try {
      return await getUserId(request)
    } catch (error) {
      if (!/outside a request scope/i.test(String((error as Error | undefined)?.message))) throw error
      if (!warned) {
        warned = true
        logger.warn(
          { error: String((error as Error).message) },
          '[@personalize-kit/next] getUserId uses next/headers (cookies() or headers()), which the Pages Router ' +
            'does not provide: events from pages/api routes are recorded without a userId. Read the user from ' +
            'the request getUserId receives instead, e.g. getUserId: (request) => userFrom(request.headers).',
        )
      }
      return undefined
    }
  }
}
