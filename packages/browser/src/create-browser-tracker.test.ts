// @vitest-environment jsdom
import { Blob as NodeBlob } from 'node:buffer'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createBrowserTracker } from './create-browser-tracker'
import type { BrowserTracker, TrackedEvent } from './types'

type FetchMock = ReturnType<typeof vi.fn<typeof fetch>>

const ok = () => new Response(null, { status: 202 })
const bodyOf = (fetchMock: FetchMock, call: number): { events: TrackedEvent[] } =>
  JSON.parse(String(fetchMock.mock.calls[call]?.[1]?.body))
const hide = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

let trackers: BrowserTracker[] = []
let beacon: ReturnType<typeof vi.fn<(url: string, data: Blob) => boolean>>
const make = (fetchMock: FetchMock, options: Parameters<typeof createBrowserTracker>[0] = {}) => {
  const tracker = createBrowserTracker({ fetch: fetchMock, ...options })
  trackers.push(tracker)
  return tracker
}
const beaconEvents = async (call: number): Promise<TrackedEvent[]> =>
  JSON.parse(await beacon.mock.calls[call]![1].text()).events

beforeEach(() => {
  // jsdom's Blob cannot be read back without FileReader, whose timers the fake clock would hold.
  vi.stubGlobal('Blob', NodeBlob)
  vi.useFakeTimers()
  beacon = vi.fn(() => true)
  Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

afterEach(async () => {
  for (const tracker of trackers) void tracker.destroy()
  trackers = []
  await vi.runAllTimersAsync()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('batching', () => {
  it('waits flushIntervalMs and sends the batch as one keepalive POST with eventId and sentAt', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock)
    const ids = [
      tracker.track({ eventType: 'click', itemId: 'a' }),
      tracker.track({ eventType: 'click', itemId: 'b' }),
    ]
    await vi.advanceTimersByTimeAsync(249)
    expect(fetchMock).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/api/personalize/events')
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'same-origin' })
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json')
    const { events } = bodyOf(fetchMock, 0)
    expect(events.map((e) => e.itemId)).toEqual(['a', 'b'])
    expect(events.map((e) => e.eventId)).toEqual(ids)
    expect(new Set(ids).size).toBe(2)
    for (const event of events) expect(event.sentAt).toBe(Date.now() - 250)
  })

  it('sends at once when maxBatchSize events are queued, and keeps the rest for the next batch', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock, { maxBatchSize: 3, endpoint: '/collect' })
    for (const itemId of ['a', 'b', 'c', 'd']) tracker.track({ eventType: 'view', itemId })
    await vi.advanceTimersByTimeAsync(0)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/collect')
    expect(bodyOf(fetchMock, 0).events.map((e) => e.itemId)).toEqual(['a', 'b', 'c'])
    await vi.advanceTimersByTimeAsync(250)
    expect(bodyOf(fetchMock, 1).events.map((e) => e.itemId)).toEqual(['d'])
  })

  it('keeps an eventId and sentAt given by the caller', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock)
    expect(tracker.track({ eventType: 'click', eventId: 'mine', sentAt: 42 })).toBe('mine')
    await tracker.flush()
    expect(bodyOf(fetchMock, 0).events[0]).toMatchObject({ eventId: 'mine', sentAt: 42 })
  })

  it('flush() resolves once every batch accepted so far is delivered', async () => {
    let release = () => {}
    const fetchMock = vi.fn<typeof fetch>(() => new Promise((resolve) => (release = () => resolve(ok()))))
    const tracker = make(fetchMock)
    tracker.track({ eventType: 'click' })
    let done = false
    const flushed = tracker.flush().then(() => (done = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(done).toBe(false)
    release()
    await flushed
    expect(done).toBe(true)
  })
})

describe('page hide', () => {
  it('sends pending events with sendBeacon as a JSON Blob on pagehide, once even if visibility also changes', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock)
    const id = tracker.track({ eventType: 'click', itemId: 'a' })
    dispatchEvent(new Event('pagehide'))
    hide()
    expect(beacon).toHaveBeenCalledTimes(1)
    const [url, blob] = beacon.mock.calls[0]!
    expect(url).toBe('/api/personalize/events')
    expect(blob.type).toBe('application/json')
    expect((await beaconEvents(0)).map((e) => e.eventId)).toEqual([id])
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('sends on visibilitychange to hidden, and again after the page was shown and hidden again', async () => {
    const tracker = make(vi.fn<typeof fetch>(async () => ok()))
    tracker.track({ eventType: 'click', itemId: 'a' })
    hide()
    expect(beacon).toHaveBeenCalledTimes(1)
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    tracker.track({ eventType: 'click', itemId: 'b' })
    hide()
    expect(beacon).toHaveBeenCalledTimes(2)
    expect((await beaconEvents(1)).map((e) => e.itemId)).toEqual(['b'])
  })

  it('splits beacons to stay under 64 KiB and the batch size', async () => {
    const tracker = make(
      vi.fn<typeof fetch>(async () => ok()),
      { maxBatchSize: 50 },
    )
    const big = 'x'.repeat(8_000)
    for (let i = 0; i < 20; i++) tracker.track({ eventType: 'view', itemId: `i${i}`, properties: { big } })
    hide()
    expect(beacon.mock.calls.length).toBeGreaterThan(2)
    const sent: string[] = []
    for (let call = 0; call < beacon.mock.calls.length; call++) {
      expect(beacon.mock.calls[call]![1].size).toBeLessThan(64 * 1024)
      sent.push(...(await beaconEvents(call)).map((e) => e.itemId!))
    }
    expect(sent).toEqual(Array.from({ length: 20 }, (_, i) => `i${i}`))
  })

  it('falls back to a keepalive fetch when the browser refuses the beacon', async () => {
    beacon.mockReturnValue(false)
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock)
    const id = tracker.track({ eventType: 'click' })
    dispatchEvent(new Event('pagehide'))
    expect(beacon).toHaveBeenCalledTimes(1)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(fetchMock.mock.calls[0]?.[1]?.keepalive).toBe(true)
    expect(bodyOf(fetchMock, 0).events[0]?.eventId).toBe(id)
  })

  it('beacons a batch that is waiting to be retried', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => new Response(null, { status: 503 }))
    const tracker = make(fetchMock)
    const id = tracker.track({ eventType: 'click' })
    await vi.advanceTimersByTimeAsync(250)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    dispatchEvent(new Event('pagehide'))
    expect((await beaconEvents(0)).map((e) => e.eventId)).toEqual([id])
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('stops listening after destroy(), sending what was queued', async () => {
    const fetchMock = vi.fn<typeof fetch>(async () => ok())
    const tracker = make(fetchMock)
    tracker.track({ eventType: 'click' })
    await tracker.destroy()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    tracker.track({ eventType: 'click' })
    dispatchEvent(new Event('pagehide'))
    expect(beacon).not.toHaveBeenCalled()
  })
})

describe('retries', () => {
  // The header is built inside the test: the HTTP-date form is relative to the fake clock.
  it.each([
    { form: 'delay-seconds', header: () => '3', waitingMs: 2_999, dueMs: 1 },
    {
      form: 'HTTP-date',
      header: () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 5_000).toUTCString(),
      waitingMs: 4_000,
      dueMs: 2_000,
    },
  ])(
    'retries 503 after Retry-After in its $form form with the same eventIds',
    async ({ header, waitingMs, dueMs }) => {
      const fetchMock = vi
        .fn<typeof fetch>()
        .mockResolvedValueOnce(new Response(null, { status: 503, headers: { 'retry-after': header() } }))
        .mockResolvedValue(ok())
      const tracker = make(fetchMock)
      tracker.track({ eventType: 'click' })
      const flushed = tracker.flush()
      await vi.advanceTimersByTimeAsync(waitingMs)
      expect(fetchMock).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(dueMs)
      expect(fetchMock).toHaveBeenCalledTimes(2)
      await flushed
      expect(bodyOf(fetchMock, 1)).toEqual(bodyOf(fetchMock, 0))
    },
  )

  it('retries 429 and network errors with growing backoff', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(new Response(null, { status: 429 }))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(ok())
    const tracker = make(fetchMock, { retryDelayMs: 1000 })
    tracker.track({ eventType: 'click' })
    const flushed = tracker.flush()
    await vi.advanceTimersByTimeAsync(499)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(501)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(fetchMock).toHaveBeenCalledTimes(3)
    await flushed
  })

  it('drops the batch after maxAttempts with a development warning and onDrop', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const onDrop = vi.fn()
    const fetchMock = vi.fn<typeof fetch>(async () => new Response(null, { status: 503 }))
    const tracker = make(fetchMock, { maxAttempts: 3, onDrop })
    const id = tracker.track({ eventType: 'click' })
    const flushed = tracker.flush()
    await vi.runAllTimersAsync()
    await flushed
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toMatch(
      /^\[@personalize-kit\/browser\] dropped 1 events: HTTP 503 after 3/,
    )
    expect(onDrop).toHaveBeenCalledWith([expect.objectContaining({ eventId: id })], expect.any(String))
  })

  it('reports events the collector refused as invalid in a 202, without retrying them', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const onDrop = vi.fn()
    const rejected = [{ index: 1, issues: [{ path: 'eventType', message: 'eventType is required' }] }]
    const fetchMock = vi.fn<typeof fetch>(async () =>
      Response.json({ accepted: ['a'], rejected, dropped: [] }, { status: 202 }),
    )
    const tracker = make(fetchMock, { onDrop })
    tracker.track({ eventType: 'click', itemId: 'good' })
    tracker.track({ eventType: '', itemId: 'bad' })
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(onDrop).toHaveBeenCalledWith([expect.objectContaining({ itemId: 'bad' })], expect.any(String))
    expect(warn.mock.calls[0]?.[0]).toContain('eventType is required')
  })

  it('retries only the events a 202 with Retry-After says had no room', async () => {
    const rejected = [
      { index: 0, issues: [{ path: '', message: 'the event queue is full; retry this event later' }] },
    ]
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(
        Response.json(
          { accepted: ['b'], rejected, dropped: [] },
          { status: 202, headers: { 'retry-after': '1' } },
        ),
      )
      .mockResolvedValue(Response.json({ accepted: ['a'], rejected: [], dropped: [] }, { status: 202 }))
    const tracker = make(fetchMock)
    tracker.track({ eventType: 'click', itemId: 'full' })
    tracker.track({ eventType: 'click', itemId: 'queued' })
    const flushed = tracker.flush()
    await vi.advanceTimersByTimeAsync(1_000)
    await flushed
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(bodyOf(fetchMock, 1).events.map((e) => e.itemId)).toEqual(['full'])
  })

  it('does not retry a rejected batch (400) but warns', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const fetchMock = vi.fn<typeof fetch>(async () => new Response(null, { status: 400 }))
    const tracker = make(fetchMock)
    tracker.track({ eventType: 'click' })
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(warn.mock.calls[0]?.[0]).toContain('HTTP 400')
  })
})
