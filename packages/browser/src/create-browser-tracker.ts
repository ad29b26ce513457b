import { createEventId } from './event-id'
import { isDevelopment } from './is-development'
import { onPageHide } from './on-page-hide'
import { retryAfterMs } from './retry-after'
import { splitBatches } from './split-batches'
import type { BrowserTracker, BrowserTrackerOptions, TrackedEvent } from './types'

// Browsers cap the bodies of keepalive requests in flight (beacons included) at 64 KiB per page; keep headroom
// for the request line and for other requests sharing the quota.
const KEEPALIVE_BYTES = 60_000
const MAX_RETRY_DELAY_MS = 60_000

/**
 * Creates a framework-free tracker that batches events for about `flushIntervalMs` or `maxBatchSize` events and
 * POSTs them as `{ events }` JSON to the app's collector with `fetch({ keepalive })`. When the page is hidden or
 * left it sends what is pending with `navigator.sendBeacon` (split under 64 KiB, falling back to a keepalive
 * `fetch` when a beacon is refused). Network errors, 429 and 5xx are retried with exponential backoff, honouring
 * `Retry-After`; after `maxAttempts` the batch is dropped with a development warning and `onDrop`.
 * Each event gets an `eventId` here, so a batch delivered twice is de-duplicated by Personalize.
 *
 * @example
 * ```ts title="src/tracking.ts"
 * import { createBrowserTracker } from '@personalize-kit/browser'
 *
 * const tracker = createBrowserTracker({ endpoint: '/api/personalize/events' })
 * document.querySelector('#buy')?.addEventListener('click', () => {
 *   tracker.track({ eventType: 'purchase', itemId: 'sku-42', eventValue: 19.99 })
 * })
 * ```
 */
export const createBrowserTracker = ({
  endpoint = '/api/personalize/events',
  flushIntervalMs = 250,
  maxBatchSize = 10,
  maxAttempts = 5,
  retryDelayMs = 1000,
  fetch: fetchOption,
  onDrop,
}: BrowserTrackerOptions = {}): BrowserTracker => {
  let queue: TrackedEvent[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  const inFlight = new Set<Promise<void>>()
  // Batches between two attempts, by the function that resumes their retry (false: the page hide took them).
  const waiting = new Map<(retry: boolean) => void, TrackedEvent[]>()

  const drop = (events: TrackedEvent[], reason: string): void => {
    if (isDevelopment()) console.warn(`[@personalize-kit/browser] dropped ${events.length} events: ${reason}`)
    onDrop?.(events, reason)
  }

  const post = async (events: TrackedEvent[], attempt: number): Promise<void> => {
    const body = JSON.stringify({ events })
    let reason = 'network error'
    let delay: number | undefined
    try {
      // A plain call: an unbound `window.fetch` throws "Illegal invocation" when called as a method.
      const send = fetchOption ?? fetch
      const response = await send(endpoint, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        keepalive: body.length < KEEPALIVE_BYTES,
      })
      const { status } = response
      reason = `HTTP ${status}`
      delay = retryAfterMs(response.headers.get('retry-after'))
      if (status < 300) {
        // The collector answers 202 listing the events it refused: invalid ones, and (with Retry-After) ones it
        // had no room for, which are retried.
        const rejected: { index: number }[] = (await response.json().catch(() => 0))?.rejected ?? []
        if (!rejected.length) return
        events = rejected.map(({ index }) => events[index]!)
        reason = `rejected ${JSON.stringify(rejected)}`
        if (delay === undefined) return drop(events, reason)
      } else if (status !== 429 && status < 500) return drop(events, `${reason} ${await response.text()}`)
    } catch {}
    if (attempt >= maxAttempts) return drop(events, `${reason} after ${attempt} attempts`)
    // Jitter spreads the retries of many tabs that failed together.
    delay ??= retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2)
    const retry = await new Promise<boolean>((resume) => {
      waiting.set(resume, events)
      setTimeout(
        () => {
          waiting.delete(resume)
          resume(true)
        },
        Math.min(delay, MAX_RETRY_DELAY_MS),
      )
    })
    if (retry) return post(events, attempt + 1)
  }

  const run = (events: TrackedEvent[]): void => {
    const sending = post(events, 1)
    inFlight.add(sending)
    sending.finally(() => inFlight.delete(sending))
  }

  const flush = async (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    while (queue.length) run(queue.splice(0, maxBatchSize))
    await Promise.all(inFlight)
  }

  const sendOnHide = (): void => {
    clearTimeout(timer)
    timer = undefined
    const events = queue
    queue = []
    // Batches waiting to be retried would never get their timer once the page is gone. If the page stays, the
    // timer still fires, and resolving a settled promise does nothing.
    for (const [resume, batch] of waiting) {
      resume(false)
      events.push(...batch)
    }
    waiting.clear()
    for (const group of splitBatches(events, maxBatchSize, KEEPALIVE_BYTES)) {
      let sent = false
      try {
        const blob = new Blob([JSON.stringify({ events: group })], { type: 'application/json' })
        sent = navigator.sendBeacon?.(endpoint, blob) ?? false
      } catch {}
      if (!sent) run(group)
    }
  }

  const stop = onPageHide(sendOnHide)

  return {
    track(event) {
      const tracked: TrackedEvent = {
        ...event,
        eventId: event.eventId || createEventId(),
        sentAt: event.sentAt ?? Date.now(),
      }
      queue.push(tracked)
      if (queue.length >= maxBatchSize) void flush()
      else timer ??= setTimeout(flush, flushIntervalMs)
      return tracked.eventId
    },
    flush,
    destroy() {
      stop()
      return flush()
    },
  }
}
