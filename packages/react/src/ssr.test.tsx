// @vitest-environment node
import { useEffect, useRef } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeProvider } from './personalize-provider'
import { useTrackEvent } from './use-track-event'
import { useTrackImpression } from './use-track-impression'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const Page = () => {
  const track = useTrackEvent()
  const ref = useRef<HTMLUListElement>(null)
  useTrackImpression(ref, { itemIds: ['a', 'b'] })
  // Tracking during render is a mistake, but it must not reach the network from the server.
  track({ eventType: 'render', itemId: 'a' })
  useEffect(() => {
    track({ eventType: 'view', itemId: 'a' })
  }, [track])
  return <ul ref={ref} />
}

describe('server rendering', () => {
  it('renders with the provider and hooks and sends nothing, now or later', async () => {
    vi.useFakeTimers()
    const fetchMock = vi.fn<typeof fetch>()
    vi.stubGlobal('fetch', fetchMock)
    const html = renderToString(
      <PersonalizeProvider>
        <Page />
      </PersonalizeProvider>,
    )
    expect(html).toBe('<ul></ul>')
    await vi.runAllTimersAsync()
    expect(fetchMock).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })
})
