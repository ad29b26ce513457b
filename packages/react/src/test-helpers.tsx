import type { BrowserEvent, TrackedEvent } from '@personalize-kit/browser'
import { vi } from 'vitest'

/** A fetch spy answering 202, standing in for the collector. */
export const collectorFetch = () => vi.fn<typeof fetch>(async () => new Response(null, { status: 202 }))

/** Every event the spy received, in order. */
export const sentEvents = (fetchMock: ReturnType<typeof collectorFetch>): TrackedEvent[] =>
  fetchMock.mock.calls.flatMap(([, init]) => JSON.parse(String(init?.body)).events)

/** A tracker double recording what the provider hands it. */
export const fakeTracker = () => ({
  track: vi.fn((event: BrowserEvent) => event.eventId ?? 'minted'),
  flush: vi.fn(async () => {}),
  destroy: vi.fn(async () => {}),
})
