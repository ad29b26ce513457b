'use client'
import { type BrowserEvent, isDevelopment, type TypedEvent } from '@personalize-kit/browser'
import { useContext, useRef } from 'react'
import { PersonalizeContext } from './context'

/**
 * Returns a stable `track(event)` that records an event and returns its `eventId` (undefined outside a
 * provider). Safe to call while hydrating (queued until the provider mounts) and during server rendering
 * (never sent). Outside `<PersonalizeProvider>` it returns a no-op and warns once in development.
 *
 * @example
 * ```tsx title="components/add-to-cart.tsx"
 * 'use client'
 * import { useTrackEvent } from '@personalize-kit/react'
 *
 * export function AddToCart({ itemId }: { itemId: string }) {
 *   const track = useTrackEvent()
 *   return <button onClick={() => track({ eventType: 'add-to-cart', itemId })}>Add</button>
 * }
 * ```
 */
export const useTrackEvent = (): ((event: TypedEvent<BrowserEvent>) => string | undefined) => {
  const client = useContext(PersonalizeContext)
  const warned = useRef(false)
  if (!client && !warned.current && isDevelopment()) {
    warned.current = true
    console.warn(
      '[@personalize-kit/react] useTrackEvent() outside <PersonalizeProvider>: events are not sent',
    )
  }
  return client?.track ?? notSent
}

const notSent = (): undefined => undefined
