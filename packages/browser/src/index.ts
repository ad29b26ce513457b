/**
 * The framework-free browser tracker: no Node built-ins, no AWS SDK. Events go to your own collector endpoint,
 * which adds the session and forwards them to Amazon Personalize.
 *
 * @example
 * ```ts title="src/tracking.ts"
 * import { createBrowserTracker } from '@personalize-kit/browser'
 *
 * const tracker = createBrowserTracker()
 * tracker.track({ eventType: 'click', itemId: 'sku-42' })
 * ```
 *
 * @module @personalize-kit/browser
 */
export { createBrowserTracker } from './create-browser-tracker'
export { createEventId } from './event-id'
export { isDevelopment } from './is-development'
export { onPageHide } from './on-page-hide'
export type {
  EventTypeName,
  EventTypes,
  Register,
  RegisteredEvents,
  TypedEvent,
} from './typed-events'
export type { BrowserEvent, BrowserTracker, BrowserTrackerOptions, TrackedEvent } from './types'
