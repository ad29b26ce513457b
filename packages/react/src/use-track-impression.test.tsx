import { act, cleanup, render } from '@testing-library/react'
import { StrictMode, useRef } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeProvider } from './personalize-provider'
import { fakeTracker } from './test-helpers'
import { useTrackImpression } from './use-track-impression'

interface FakeObserver {
  callback: IntersectionObserverCallback
  options?: IntersectionObserverInit
  observed: Element[]
  disconnected: boolean
}

// jsdom has no layout, so IntersectionObserver is stubbed; the tests drive its callback like a browser would.
let observers: FakeObserver[]
const live = () => observers.filter((o) => !o.disconnected)
const show = (ratio: number) =>
  act(() => {
    for (const observer of live())
      observer.callback(
        [{ intersectionRatio: ratio, isIntersecting: ratio > 0 } as IntersectionObserverEntry],
        {} as IntersectionObserver,
      )
  })
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

beforeEach(() => {
  vi.useFakeTimers()
  observers = []
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      record: FakeObserver
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        this.record = { callback, options, observed: [], disconnected: false }
        observers.push(this.record)
      }
      observe(element: Element) {
        this.record.observed.push(element)
      }
      disconnect() {
        this.record.disconnected = true
      }
    },
  )
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const Recommendations = ({ ids, eventType }: { ids: string[]; eventType?: string }) => {
  const ref = useRef<HTMLUListElement>(null)
  useTrackImpression(ref, { itemIds: ids, recommendationId: 'rec-1', eventType })
  return <ul ref={ref} data-testid="list" />
}

const renderWith = (tracker: ReturnType<typeof fakeTracker>, ids: string[], strict = false) => {
  const tree = (list: string[]) => (
    <PersonalizeProvider tracker={tracker}>
      <Recommendations ids={list} />
    </PersonalizeProvider>
  )
  const view = render(strict ? <StrictMode>{tree(ids)}</StrictMode> : tree(ids))
  return { ...view, update: (list: string[]) => view.rerender(tree(list)) }
}

describe('useTrackImpression', () => {
  it('records one impression after the element has been half visible for a second', async () => {
    const tracker = fakeTracker()
    const { getByTestId } = renderWith(tracker, ['a', 'b'])
    expect(live()).toHaveLength(1)
    expect(live()[0]?.options?.threshold).toBe(0.5)
    expect(live()[0]?.observed).toEqual([getByTestId('list')])
    show(0.6)
    await wait(999)
    expect(tracker.track).not.toHaveBeenCalled()
    await wait(1)
    expect(tracker.track).toHaveBeenCalledTimes(1)
    expect(tracker.track).toHaveBeenCalledWith(
      expect.objectContaining({ eventType: 'impression', impression: ['a', 'b'], recommendationId: 'rec-1' }),
    )
    expect(live()).toHaveLength(0)
    show(1)
    await wait(5_000)
    expect(tracker.track).toHaveBeenCalledTimes(1)
  })

  it('restarts the second when the element leaves before it is up', async () => {
    const tracker = fakeTracker()
    renderWith(tracker, ['a'])
    show(0.6)
    await wait(500)
    show(0.2)
    await wait(5_000)
    expect(tracker.track).not.toHaveBeenCalled()
    show(0.5)
    await wait(1_000)
    expect(tracker.track).toHaveBeenCalledTimes(1)
  })

  it('ignores a new array with the same ids, and counts new ids as a new impression', async () => {
    const tracker = fakeTracker()
    const { update } = renderWith(tracker, ['a'])
    show(1)
    await wait(1_000)
    update(['a'])
    show(1)
    await wait(1_000)
    expect(tracker.track).toHaveBeenCalledTimes(1)
    update(['c', 'd'])
    show(1)
    await wait(1_000)
    expect(tracker.track).toHaveBeenCalledTimes(2)
    expect(tracker.track).toHaveBeenLastCalledWith(expect.objectContaining({ impression: ['c', 'd'] }))
  })

  it('records once under StrictMode', async () => {
    const tracker = fakeTracker()
    renderWith(tracker, ['a'], true)
    expect(live()).toHaveLength(1)
    show(1)
    await wait(3_000)
    expect(tracker.track).toHaveBeenCalledTimes(1)
  })

  it('does nothing for an empty list', async () => {
    const tracker = fakeTracker()
    renderWith(tracker, [])
    expect(observers).toHaveLength(0)
  })
})
