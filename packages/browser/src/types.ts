import type { TypedEvent } from './typed-events'

/**
 * One interaction recorded in the browser, as sent to the app's collector endpoint.
 * The collector adds the session (from the `pk_sid` cookie) and the user; the browser never sees credentials.
 *
 * @example
 * ```ts
 * const event: BrowserEvent = { eventType: 'click', itemId: 'sku-42', recommendationId: 'rec-1' }
 * ```
 */
export interface BrowserEvent {
  /** The Personalize event type, for example `click`, `purchase` or `impression`. */
  eventType: string
  /** The item the user interacted with. */
  itemId?: string
  /** A numeric value such as a rating or a price. */
  eventValue?: number
  /** Extra columns of the interactions schema (camelCase keys), or their JSON string. */
  properties?: Record<string, unknown> | string
  /** The recommendation the item came from: lets Personalize infer impressions and attribute metrics. */
  recommendationId?: string
  /** Ids of the items that were shown (1 to 25). */
  impression?: string[]
  /** Minted by the tracker when absent; keeps a retried send from being counted twice. */
  eventId?: string
  /** When the event happened, epoch milliseconds; set by the tracker when absent. */
  sentAt?: number
}

/**
 * An event as the tracker sends it: always with its `eventId` and `sentAt`.
 *
 * @example
 * ```ts
 * const sent: TrackedEvent = { eventType: 'click', itemId: 'sku-42', eventId: crypto.randomUUID(), sentAt: Date.now() }
 * ```
 */
export interface TrackedEvent extends BrowserEvent {
  eventId: string
  sentAt: number
}

/**
 * Options of {@link createBrowserTracker}.
 *
 * @example
 * ```ts
 * const options: BrowserTrackerOptions = { endpoint: '/api/personalize/events', flushIntervalMs: 250 }
 * ```
 */
export interface BrowserTrackerOptions {
  /** The collector URL. Default `/api/personalize/events`. */
  endpoint?: string
  /** How long an event waits for others to share its request. Default 250 ms. */
  flushIntervalMs?: number
  /** Events per request; reaching it sends at once. Default 10. */
  maxBatchSize?: number
  /** Attempts per batch (network errors, 429 and 5xx are retried) before it is dropped. Default 5. */
  maxAttempts?: number
  /** First retry delay; doubles on each attempt unless the server sends `Retry-After`. Default 1000 ms. */
  retryDelayMs?: number
  /** The `fetch` to use. Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Called with a batch that could not be delivered, after the development warning. */
  onDrop?: (events: TrackedEvent[], reason: string) => void
}

/**
 * A framework-free event tracker for the browser, returned by {@link createBrowserTracker}.
 *
 * @example
 * ```ts
 * const tracker: BrowserTracker = createBrowserTracker()
 * tracker.track({ eventType: 'click', itemId: 'sku-42' })
 * ```
 */
export interface BrowserTracker {
  /** Queues an event and returns its `eventId`. Typed by your declared event types (see `Register`). */
  track(event: TypedEvent<BrowserEvent>): string
  /** Sends everything queued and resolves when every batch accepted so far is delivered or dropped. */
  flush(): Promise<void>
  /** Stops listening for page hide and sends what is queued. */
  destroy(): Promise<void>
}
