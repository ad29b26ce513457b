'use client'
import type { BrowserEvent, TypedEvent } from '@personalize-kit/browser'
import { createContext } from 'react'

/**
 * What `<PersonalizeProvider>` shares with the hooks: a `track` that queues until the browser tracker exists,
 * and a `flush`.
 *
 * @example
 * ```tsx
 * const client: PersonalizeClient | null = usePersonalizeTracker()
 * client?.track({ eventType: 'click', itemId: 'sku-42' })
 * ```
 */
export interface PersonalizeClient {
  /** Records an event and returns its `eventId`. */
  track(event: TypedEvent<BrowserEvent>): string
  /** Sends what is queued; resolves when it is delivered or dropped. */
  flush(): Promise<void>
}

/**
 * @internal The context `<PersonalizeProvider>` fills; read it with `usePersonalizeTracker()`.
 *
 * @example
 * ```ts
 * const client = useContext(PersonalizeContext)
 * ```
 */
export const PersonalizeContext = createContext<PersonalizeClient | null>(null)
