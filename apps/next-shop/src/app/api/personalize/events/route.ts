// The browser collector: validates events, attaches the pk_sid session and the signed-in user, and hands
// delivery to after() so the response is never delayed.
export { POST } from '@personalize-kit/next/route'

export const runtime = 'nodejs'
