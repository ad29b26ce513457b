'use client'
import type { EventTypeName } from '@personalize-kit/browser'
import { useEffect, useRef } from 'react'
import { useTrackEvent } from './use-track-event'

/**
 * Options of {@link useTrackImpression}.
 *
 * @example
 * ```ts
 * const options: TrackImpressionOptions = { itemIds: ['sku-1', 'sku-2'], recommendationId: 'rec-1' }
 * ```
 */
export interface TrackImpressionOptions {
  /** The items shown (1 to 25), sent as the event's `impression`. */
  itemIds: readonly string[]
  /** The recommendation these items came from. */
  recommendationId?: string
  /** Default `impression`. */
  eventType?: EventTypeName
}

/**
 * Records one impression event once the element has been at least half visible for a second, which is how
 * Personalize learns what was shown but not clicked. Leaving the viewport earlier restarts the second; a new set
 * of `itemIds` counts as a new impression.
 *
 * @example
 * ```tsx title="components/recommendations.tsx"
 * 'use client'
 * import { useRef } from 'react'
 * import { useTrackImpression } from '@personalize-kit/react'
 *
 * export function Recommendations({ items, recommendationId }: { items: { id: string }[]; recommendationId: string }) {
 *   const ref = useRef<HTMLUListElement>(null)
 *   useTrackImpression(ref, { itemIds: items.map((item) => item.id), recommendationId })
 *   return <ul ref={ref}>{items.map((item) => <li key={item.id}>{item.id}</li>)}</ul>
 * }
 * ```
 */
export const useTrackImpression = (
  ref: { readonly current: Element | null },
  // Personalize's conventional name; with declared event types, declare it too or pass your own.
  { itemIds, recommendationId, eventType = 'impression' as EventTypeName }: TrackImpressionOptions,
): void => {
  const track = useTrackEvent()
  const recorded = useRef<string>(undefined)
  // A string key, so a new array with the same ids (the usual inline `map`) does not restart observing.
  const key = itemIds.join('\n')
  useEffect(() => {
    const element = ref.current
    if (!key || !element || recorded.current === key || typeof IntersectionObserver === 'undefined') return
    let timer: ReturnType<typeof setTimeout> | undefined
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.at(-1)!.intersectionRatio < 0.5) {
          clearTimeout(timer)
          timer = undefined
        } else
          timer ??= setTimeout(() => {
            recorded.current = key
            observer.disconnect()
            track({ eventType, impression: key.split('\n'), recommendationId })
          }, 1000)
      },
      { threshold: 0.5 },
    )
    observer.observe(element)
    return () => {
      clearTimeout(timer)
      observer.disconnect()
    }
  }, [ref, key, recommendationId, eventType, track])
}
