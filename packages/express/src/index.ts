/**
 * Express middleware for Amazon Personalize: `app.use(personalize())` serves the browser event collector,
 * gives every request `req.personalize` for server-side events, and records page views with `autoTrack`.
 *
 * @example
 * ```ts title="server.ts"
 * import express from 'express'
 * import { personalize } from '@personalize-kit/express'
 *
 * const app = express()
 * const pk = personalize({ getUserId: (req) => req.user?.id })
 * app.use(pk)
 * app.post('/checkout', (req, res) => {
 *   req.personalize.recordEvent({ eventType: 'purchase', itemId: req.body.itemId })
 *   res.sendStatus(204)
 * })
 * pk.handleShutdown(app.listen(3000))
 * ```
 *
 * @module @personalize-kit/express
 */

// One `declare module '@personalize-kit/express' { interface Register { events: … } }` types req.personalize.
export type {
  EventTypeName,
  EventTypes,
  Register,
  RegisteredEvents,
  TypedEvent,
} from '@personalize-kit/core'
export { personalize } from './personalize'
export type {
  AutoTrackRequest,
  AutoTrackRule,
  PersonalizeContext,
  PersonalizeMiddleware,
  PersonalizeOptions,
  RecommendInput,
  ServerEventInput,
  ShutdownOptions,
} from './types'
