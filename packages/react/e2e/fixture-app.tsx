import { useEffect, useRef } from 'react'
import { PersonalizeProvider, useTrackEvent, useTrackImpression } from '../src/index'

const Shop = () => {
  const track = useTrackEvent()
  const recommendations = useRef<HTMLUListElement>(null)
  useTrackImpression(recommendations, { itemIds: ['rec-1', 'rec-2'], recommendationId: 'rid-1' })
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <main>
      <button type="button" id="buy" onClick={() => track({ eventType: 'click', itemId: 'sku-1' })}>
        Buy
      </button>
      <a id="leave" href="/other" onClick={() => track({ eventType: 'click', itemId: 'sku-leave' })}>
        Leave
      </a>
      <div style={{ height: '3000px' }} />
      <ul id="recommendations" ref={recommendations} style={{ height: '200px' }}>
        <li>rec-1</li>
        <li>rec-2</li>
      </ul>
    </main>
  )
}

/** The page under test: rendered on the server by the fixture, hydrated in Chromium by fixture-main.tsx. */
export const FixtureApp = ({ flushIntervalMs }: { flushIntervalMs: number }) => (
  <PersonalizeProvider flushIntervalMs={flushIntervalMs}>
    <Shop />
  </PersonalizeProvider>
)
