import { act, cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeProvider } from './personalize-provider'
import { fakeTracker } from './test-helpers'
import { type ShownRecommendation, useRecommendation } from './use-recommendation'

// jsdom has no layout: IntersectionObserver reports the list fully visible as soon as it is observed. The real
// visibility rules are covered by useTrackImpression's tests and the Chromium e2e.
beforeEach(() => {
  vi.useFakeTimers()
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(private callback: IntersectionObserverCallback) {}
      observe() {
        this.callback([{ intersectionRatio: 1 } as IntersectionObserverEntry], {} as IntersectionObserver)
      }
      disconnect() {}
    },
  )
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const List = ({ recommendation }: { recommendation: ShownRecommendation }) => {
  const { ref, click } = useRecommendation<HTMLUListElement>(recommendation)
  return (
    <ul ref={ref}>
      {recommendation.items.map(({ itemId }) => (
        <li key={itemId}>
          <button type="button" onClick={() => click(itemId)}>
            {itemId}
          </button>
        </li>
      ))}
    </ul>
  )
}

const show = (recommendation: ShownRecommendation) => {
  const tracker = fakeTracker()
  const view = render(
    <PersonalizeProvider tracker={tracker}>
      <List recommendation={recommendation} />
    </PersonalizeProvider>,
  )
  return { tracker, ...view }
}

describe('useRecommendation', () => {
  it('records one impression of the list and clicks on its items, both with its recommendationId', async () => {
    const { tracker, getByText } = show({
      items: [{ itemId: 'a' }, { itemId: 'b' }],
      recommendationId: 'rec-9',
    })
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    fireEvent.click(getByText('b'))
    expect(tracker.track.mock.calls.map(([event]) => event)).toEqual([
      { eventType: 'impression', impression: ['a', 'b'], recommendationId: 'rec-9' },
      { eventType: 'click', itemId: 'b', recommendationId: 'rec-9' },
    ])
  })

  it('sends at most the first 25 ids in the impression, as Personalize allows', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ itemId: `i${i}` }))
    const { tracker } = show({ items, recommendationId: 'rec-1' })
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(tracker.track.mock.calls[0]![0].impression).toEqual(items.slice(0, 25).map((item) => item.itemId))
  })

  it('attributes nothing to a fallback list, which has no recommendationId', async () => {
    const { tracker, getByText } = show({ items: [{ itemId: 'popular-1' }] })
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    fireEvent.click(getByText('popular-1'))
    for (const [event] of tracker.track.mock.calls) expect(event.recommendationId).toBeUndefined()
    expect(tracker.track).toHaveBeenCalledTimes(2)
  })
})
