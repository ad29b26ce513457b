import { act, cleanup, fireEvent, render, renderHook } from '@testing-library/react'
import { type ReactNode, StrictMode, useEffect, useRef } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeProvider } from './personalize-provider'
import { collectorFetch, fakeTracker, sentEvents } from './test-helpers'
import { usePersonalizeTracker } from './use-personalize-tracker'
import { useTrackEvent } from './use-track-event'

let fetchMock: ReturnType<typeof collectorFetch>
let beacon: ReturnType<typeof vi.fn<(url: string, data: Blob) => boolean>>

beforeEach(() => {
  vi.useFakeTimers()
  fetchMock = collectorFetch()
  vi.stubGlobal('fetch', fetchMock)
  beacon = vi.fn(() => true)
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** Tracks a view when mounted, guarded the way apps guard one-off effects. */
const TrackOnMount = ({ itemId }: { itemId: string }) => {
  const track = useTrackEvent()
  const done = useRef(false)
  useEffect(() => {
    if (done.current) return
    done.current = true
    track({ eventType: 'view', itemId })
  }, [track, itemId])
  return <p>{itemId}</p>
}

const ClickToTrack = () => {
  const track = useTrackEvent()
  return (
    <button type="button" onClick={() => track({ eventType: 'click', itemId: 'button' })}>
      buy
    </button>
  )
}

describe('PersonalizeProvider', () => {
  it('batches events from the hooks into one POST to the endpoint', async () => {
    const { getByRole } = render(
      <PersonalizeProvider endpoint="/collect" flushIntervalMs={100}>
        <ClickToTrack />
      </PersonalizeProvider>,
    )
    fireEvent.click(getByRole('button'))
    fireEvent.click(getByRole('button'))
    await act(() => vi.advanceTimersByTimeAsync(100))
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/collect')
    expect(sentEvents(fetchMock).map((e) => e.eventType)).toEqual(['click', 'click'])
  })

  it('sends events recorded before the provider mounted (children effects run first)', async () => {
    render(
      <PersonalizeProvider>
        <TrackOnMount itemId="early" />
      </PersonalizeProvider>,
    )
    await act(() => vi.advanceTimersByTimeAsync(250))
    const [event] = sentEvents(fetchMock)
    expect(sentEvents(fetchMock)).toHaveLength(1)
    expect(event).toMatchObject({ eventType: 'view', itemId: 'early' })
    expect(event?.sentAt).toBeTypeOf('number')
  })

  it('queues events recorded while hydrating server HTML and sends them once hydrated', async () => {
    const app = (
      <PersonalizeProvider>
        <TrackOnMount itemId="hydrated" />
      </PersonalizeProvider>
    )
    const container = document.createElement('div')
    container.innerHTML = renderToString(app)
    document.body.append(container)
    expect(fetchMock).not.toHaveBeenCalled()
    const root = await act(async () => hydrateRoot(container, app))
    await act(() => vi.advanceTimersByTimeAsync(250))
    expect(sentEvents(fetchMock).map((e) => e.itemId)).toEqual(['hydrated'])
    act(() => root.unmount())
    container.remove()
  })

  it('under StrictMode neither duplicates nor drops events, and beacons the rest once on page hide', async () => {
    const { getByRole } = render(
      <StrictMode>
        <PersonalizeProvider>
          <TrackOnMount itemId="mount" />
          <ClickToTrack />
        </PersonalizeProvider>
      </StrictMode>,
    )
    fireEvent.click(getByRole('button'))
    await act(() => vi.advanceTimersByTimeAsync(250))
    const events = sentEvents(fetchMock)
    expect(events.map((e) => e.itemId)).toEqual(['mount', 'button'])
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2)
    fireEvent.click(getByRole('button'))
    dispatchEvent(new Event('pagehide'))
    expect(beacon).toHaveBeenCalledTimes(1)
  })

  it('sends what is queued when it unmounts', async () => {
    const { getByRole, unmount } = render(
      <PersonalizeProvider>
        <ClickToTrack />
      </PersonalizeProvider>,
    )
    fireEvent.click(getByRole('button'))
    unmount()
    await act(() => vi.advanceTimersByTimeAsync(0))
    expect(sentEvents(fetchMock).map((e) => e.itemId)).toEqual(['button'])
  })

  it('uses a tracker passed in, and leaves destroying it to its owner', () => {
    const tracker = fakeTracker()
    const { getByRole, unmount } = render(
      <PersonalizeProvider tracker={tracker}>
        <ClickToTrack />
      </PersonalizeProvider>,
    )
    fireEvent.click(getByRole('button'))
    unmount()
    expect(tracker.track).toHaveBeenCalledWith(
      expect.objectContaining({ eventType: 'click', itemId: 'button' }),
    )
    expect(tracker.destroy).not.toHaveBeenCalled()
    expect(fetchMock).not.toHaveBeenCalled()
  })
})

describe('useTrackEvent', () => {
  it('returns the same function across renders', () => {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <PersonalizeProvider>{children}</PersonalizeProvider>
    )
    const { result, rerender } = renderHook(() => useTrackEvent(), { wrapper })
    const first = result.current
    rerender()
    rerender()
    expect(result.current).toBe(first)
  })

  it('returns the eventId that is sent', async () => {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <PersonalizeProvider>{children}</PersonalizeProvider>
    )
    const { result } = renderHook(() => useTrackEvent(), { wrapper })
    const id = result.current({ eventType: 'click' })
    await act(() => vi.advanceTimersByTimeAsync(250))
    expect(sentEvents(fetchMock)[0]?.eventId).toBe(id)
  })
})

describe('usePersonalizeTracker', () => {
  it('flushes without waiting for the batch window, and is null outside a provider', async () => {
    const wrapper = ({ children }: { children: ReactNode }) => (
      <PersonalizeProvider>{children}</PersonalizeProvider>
    )
    const { result } = renderHook(() => usePersonalizeTracker(), { wrapper })
    result.current?.track({ eventType: 'purchase', itemId: 'sku-1' })
    await act(() => result.current!.flush())
    expect(sentEvents(fetchMock).map((e) => e.itemId)).toEqual(['sku-1'])
    expect(renderHook(() => usePersonalizeTracker()).result.current).toBeNull()
  })
})
