import {
  type BrowserEvent,
  type BrowserTracker,
  createEventId,
  type TypedEvent,
} from '@personalize-kit/browser'
import type { PersonalizeClient } from './context'

/**
 * The provider's stable client. Children's effects run before the provider's, and the tracker only exists after
 * the provider's effect, so events recorded earlier (while hydrating) wait in `queue` with their id and time.
 * On the server nothing is ever attached, so nothing is sent.
 *
 * @example
 * ```ts
 * const { client, attach } = createClient()
 * client.track({ eventType: 'click' }) // queued
 * const detach = attach(createBrowserTracker()) // sent
 * ```
 */
export const createClient = () => {
  let tracker: BrowserTracker | undefined
  const queue: TypedEvent<BrowserEvent>[] = []
  const client: PersonalizeClient = {
    track(event) {
      if (tracker) return tracker.track(event)
      const queued = {
        ...event,
        eventId: event.eventId || createEventId(),
        sentAt: event.sentAt ?? Date.now(),
      }
      queue.push(queued)
      return queued.eventId
    },
    flush: async () => tracker?.flush(),
  }
  const attach = (active: BrowserTracker) => {
    tracker = active
    for (const event of queue.splice(0)) active.track(event)
    return () => {
      tracker = undefined
    }
  }
  return { client, attach }
}
