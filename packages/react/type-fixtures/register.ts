// One Register declaration on @personalize-kit/react types the hooks and the browser tracker underneath them
// (checked by src/typed-events.test.ts).
import { createBrowserTracker } from '@personalize-kit/browser'
import { useRecommendation, useTrackEvent, useTrackImpression } from '@personalize-kit/react'

declare module '@personalize-kit/react' {
  interface Register {
    events: {
      view: undefined
      click: undefined
      rate: { stars: number }
    }
  }
}

export function useShopTracking(itemId: string): void {
  const track = useTrackEvent()
  track({ eventType: 'rate', itemId, properties: { stars: 5 } })
  // @ts-expect-error an event type that was not declared
  track({ eventType: 'veiw', itemId })
  // @ts-expect-error a property of the wrong type
  track({ eventType: 'rate', itemId, properties: { stars: 'five' } })
  const { click } = useRecommendation({ items: [{ itemId }], recommendationId: 'r-1' })
  click(itemId, 'rate')
  // @ts-expect-error click's event type is a declared one
  click(itemId, 'tap')
  // @ts-expect-error so is an impression's
  useTrackImpression({ current: null }, { itemIds: [itemId], eventType: 'seen' })
}

export function trackDirectly(itemId: string): void {
  const tracker = createBrowserTracker({ endpoint: '/api/personalize/events' })
  tracker.track({ eventType: 'view', itemId })
  // @ts-expect-error the browser tracker reads the same declaration
  tracker.track({ eventType: 'purchsae', itemId })
}
