import { createPersonalize } from '@personalize-kit/next'
import { userIdFromCookieHeader } from './users'

/**
 * The shop's one Personalize instance. Configured from the environment: with no PERSONALIZE_TRACKING_ID it
 * talks to the local emulator (PERSONALIZE_ENDPOINT, default http://127.0.0.1:4599). Registered as the default
 * instance, so the zero-config route (`export { POST } from '@personalize-kit/next/route'`) uses this
 * `getUserId` too once `instrumentation.ts` has loaded this module.
 */
export const personalize = createPersonalize({
  getUserId: (request) => userIdFromCookieHeader(request.headers.get('cookie')),
})

export const { recordEvent, putItem, putUser } = personalize
