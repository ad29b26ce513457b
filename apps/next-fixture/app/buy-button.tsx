'use client'
import { useTrackEvent } from '@personalize-kit/next/client'

export function BuyButton({ itemId }: { itemId: string }) {
  const track = useTrackEvent()
  return (
    <button type="button" data-testid="buy" onClick={() => track({ eventType: 'click', itemId })}>
      Buy
    </button>
  )
}
