// The browser collector: validates events, attaches the pk_sid session and the signed-in user, and queues them
// for the dispatcher, which batches across requests on this long-lived server.
export { POST } from '@personalize-kit/next/route'
