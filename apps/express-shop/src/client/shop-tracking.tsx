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

/** Records an impression when a server-rendered product list has been seen. */
function ListImpression({ list }: { list: Element }) {
  useTrackImpression({ current: list }, { itemIds: itemIdsOf(list) })
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
      const impression = itemIdsOf(card.closest('[data-pk-list]'))
      track({ eventType: 'click', itemId, ...(impression.length > 0 && { impression }) })
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
