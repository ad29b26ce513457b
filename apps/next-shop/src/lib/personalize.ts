import { dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { createPersonalize } from '@personalize-kit/next'
import { userIdFromCookieHeader } from './users'

// SHOP_MAX_QUEUE_SIZE lets the end-to-end test fill the dispatcher's queue, to show that a failed recording never
// fails a page or an order.
const maxQueueSize = Number(process.env.SHOP_MAX_QUEUE_SIZE) || undefined

/**
 * The shop's one Personalize instance. Configured from the environment: with no PERSONALIZE_TRACKING_ID it
 * talks to the local emulator (PERSONALIZE_ENDPOINT, default http://127.0.0.1:4599). It is the default
 * instance, so the zero-config route (`export { POST } from '@personalize-kit/next/route'`) uses its
 * `getUserId` once `instrumentation.ts` has loaded this module.
 */
export const personalize = createPersonalize({
  getUserId: (request) => userIdFromCookieHeader(request.headers.get('cookie')),
  dispatcherOptions: { ...dispatcherOptionsFromEnv(), ...(maxQueueSize ? { maxQueueSize } : {}) },
})

export const { recordEvent, putItem, putUser } = personalize
