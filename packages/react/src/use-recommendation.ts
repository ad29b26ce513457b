'use client'
import type { BrowserEvent, EventTypeName, TypedEvent } from '@personalize-kit/browser'
import { type RefObject, useRef } from 'react'
import { useTrackEvent } from './use-track-event'
import { useTrackImpression } from './use-track-impression'

/**
 * A recommendation as the server's recommendation client answers it (`getRecommendations`,
 * `req.personalize.recommend`, `recommend` in Next): the items shown and, unless the fallback answered, the id
 * Personalize gave the list.
 *
 * @example
 * ```ts
 * const recommendation: ShownRecommendation = { items: [{ itemId: 'sku-1' }, { itemId: 'sku-2' }], recommendationId: 'rec-1' }
 * ```
 */
export interface ShownRecommendation {
  items: readonly { itemId: string }[]
  recommendationId?: string
}

/**
 * What {@link useRecommendation} returns: the `ref` to put on the list's element, and `click(itemId)` for its
 * items' click handlers.
 *
 * @example
 * ```tsx
 * const { ref, click }: RecommendationTracking<HTMLUListElement> = useRecommendation(recommendation)
 * ```
 */
export interface RecommendationTracking<E extends Element> {
  ref: RefObject<E | null>
  /** Records `eventType` (default `click`) on `itemId` with the list's `recommendationId`; returns its eventId. */
  click: (itemId: string, eventType?: EventTypeName) => string | undefined
}

/**
 * Attributes a shown recommendation: records one impression of its items (at most the first 25) once the list
 * has been half visible for a second, and gives a `click` that records clicks on its items with its
 * `recommendationId`, so no component passes ids by hand. A fallback list (no `recommendationId`) is recorded
 * without one: nothing is attributed to a list Personalize never made.
 *
 * @example
 * ```tsx title="components/recommended.tsx"
 * 'use client'
 * import { useRecommendation } from '@personalize-kit/react'
 *
 * export function Recommended({ recommendation }: { recommendation: { items: { itemId: string }[]; recommendationId?: string } }) {
 *   const { ref, click } = useRecommendation<HTMLUListElement>(recommendation)
 *   return (
 *     <ul ref={ref}>
 *       {recommendation.items.map(({ itemId }) => (
 *         <li key={itemId}><a href={`/products/${itemId}`} onClick={() => click(itemId)}>{itemId}</a></li>
 *       ))}
 *     </ul>
 *   )
 * }
 * ```
 */
export const useRecommendation = <E extends Element = HTMLElement>({
  items,
  recommendationId,
}: ShownRecommendation): RecommendationTracking<E> => {
  const ref = useRef<E>(null)
  useTrackImpression(ref, { itemIds: items.slice(0, 25).map((item) => item.itemId), recommendationId })
  const track = useTrackEvent()
  return {
    ref,
    click: (itemId: string, eventType = 'click' as EventTypeName) =>
      track({ eventType, itemId, recommendationId } as TypedEvent<BrowserEvent>),
  }
}
