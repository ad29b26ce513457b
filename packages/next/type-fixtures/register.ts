// One Register declaration types Next's recordEvent, the React hooks and the tracker they share (checked by
// src/typed-events.test.ts).
import { createPersonalize } from '@personalize-kit/next'
import { useRecommendation, useTrackEvent, useTrackImpression } from '@personalize-kit/next/client'

declare module '@personalize-kit/next' {
  interface Register {
    events: {
      view: undefined
      click: undefined
      purchase: { price: number; currency: string }
    }
  }
}

const { recordEvent } = createPersonalize()

export async function checkout(itemId: string): Promise<void> {
  await recordEvent({ eventType: 'purchase', itemId, properties: { price: 10, currency: 'EUR' } })
  // @ts-expect-error an event type that was not declared
  await recordEvent({ eventType: 'purchsae', itemId })
  // @ts-expect-error a property of the wrong type
  await recordEvent({ eventType: 'purchase', itemId, properties: { price: 'ten', currency: 'EUR' } })
}

export function useShopTracking(itemId: string): void {
  const track = useTrackEvent()
  track({ eventType: 'view', itemId })
  // @ts-expect-error the hooks read the same declaration
  track({ eventType: 'veiw', itemId })
  const { click } = useRecommendation({ items: [{ itemId }], recommendationId: 'r-1' })
  click(itemId)
  click(itemId, 'purchase')
  // @ts-expect-error click's event type is a declared one
  click(itemId, 'tap')
  // @ts-expect-error so is an impression's
  useTrackImpression({ current: null }, { itemIds: [itemId], eventType: 'seen' })
}
