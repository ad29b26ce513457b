import { useTrackEvent, useTrackImpression } from '@personalize-kit/react'
import { useEffect } from 'react'

/** Item ids of a server-rendered `[data-pk-list]` element (at most 25, Personalize's impression limit). */
export function itemIdsOf(list: Element | null): string[] {
  if (!list) return []
  return [...list.querySelectorAll<HTMLElement>('[data-pk-item]')]
    .map((el) => el.dataset.pkItem ?? '')
    .filter(Boolean)
    .slice(0, 25)
}

/** The recommendation a server-rendered list came from (absent for catalog and fallback lists). */
const recommendationOf = (list: Element | null | undefined): string | undefined =>
  list?.getAttribute('data-pk-recommendation-id') ?? undefined

/** Records an impression when a server-rendered product list has been seen. */
function ListImpression({ list }: { list: Element }) {
  useTrackImpression(
    { current: list },
    { itemIds: itemIdsOf(list), recommendationId: recommendationOf(list) },
  )
  return null
}

/**
 * Tracking for the server-rendered pages: impressions of every product list, and a click (with the list it
 * came from as `impression`) when a product card is followed. Renders nothing.
 */
export function ShopTracking({ lists }: { lists: Element[] }) {
  const track = useTrackEvent()
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const card =
        event.target instanceof Element ? event.target.closest<HTMLElement>('[data-pk-item]') : null
      const itemId = card?.dataset.pkItem
      if (!card || !itemId) return
      const list = card.closest('[data-pk-list]')
      const impression = itemIdsOf(list)
      const recommendationId = recommendationOf(list)
      track({
        eventType: 'click',
        itemId,
        ...(impression.length > 0 && { impression }),
        ...(recommendationId && { recommendationId }),
      })
    }
    document.addEventListener('click', onClick)
    return () => document.removeEventListener('click', onClick)
  }, [track])
  return (
    <>
      {lists.map((list, i) => (
        <ListImpression key={list.getAttribute('data-pk-list') ?? i} list={list} />
      ))}
    </>
  )
}
