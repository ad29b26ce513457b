import { useEffect } from 'react'
import { PersonalizeProvider, type ShownRecommendation, useRecommendation } from '../src/index'

const Recommended = ({ recommendation }: { recommendation: ShownRecommendation }) => {
  const { ref, click } = useRecommendation<HTMLUListElement>(recommendation)
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true'
  }, [])
  return (
    <ul id="recommended" ref={ref} style={{ height: '200px' }}>
      {recommendation.items.map(({ itemId }) => (
        <li key={itemId}>
          <button type="button" data-item={itemId} onClick={() => click(itemId)}>
            {itemId}
          </button>
        </li>
      ))}
    </ul>
  )
}

/** A page showing one recommendation below the fold: server-rendered by the fixture, hydrated in Chromium. */
export const RecommendationApp = ({ recommendation }: { recommendation: ShownRecommendation }) => (
  <PersonalizeProvider flushIntervalMs={50}>
    <main>
      <div style={{ height: '3000px' }} />
      <Recommended recommendation={recommendation} />
    </main>
  </PersonalizeProvider>
)
