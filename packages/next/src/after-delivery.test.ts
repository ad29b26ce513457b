import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPersonalize } from './create-personalize'
import {
  type Emulator,
  emulatorOptions,
  eventsRequest,
  resetRegistry,
  startTestEmulator,
} from './test-helpers'

// after() only exists inside a Next.js request; unit tests have none, so it is replaced by a recorder (the rest
// of next/server is the real one). The real after() is exercised by the end-to-end tests against `next start`.
const afterTasks = vi.hoisted(() => [] as (Promise<unknown> | (() => unknown))[])
vi.mock('next/server.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('next/server.js')>()),
  after: (task: Promise<unknown> | (() => unknown)) => afterTasks.push(task),
}))

async function runAfterTasks(): Promise<void> {
  const tasks = afterTasks.splice(0)
  await Promise.all(tasks.map((task) => (typeof task === 'function' ? task() : task)))
}

// What a serverless host (Vercel) installs for Next.js: a request context whose waitUntil keeps the function
// alive after the response. `next start` installs none.
const REQUEST_CONTEXT = Symbol.for('@next/request-context')
const holder = globalThis as { [REQUEST_CONTEXT]?: unknown }
function onServerlessHost(): void {
  holder[REQUEST_CONTEXT] = { get: () => ({ waitUntil: () => undefined }) }
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => {
  emulator.reset()
  afterTasks.length = 0
})
afterEach(async () => {
  delete holder[REQUEST_CONTEXT]
  await resetRegistry()
})

describe('delivery on a serverless host (the platform provides waitUntil)', () => {
  it('answers the collector request first and delivers its events in the after() task', async () => {
    onServerlessHost()
    const { handlers } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const response = await handlers.POST(eventsRequest([{ eventType: 'click', itemId: 'sku-1' }]))

    expect(response.status).toBe(202)
    expect(afterTasks).toHaveLength(1)
    // The flush interval is ten minutes, so only the after() task can have delivered the event.
    await runAfterTasks()
    expect(emulator.records({ operation: 'PutEvents' }).map((record) => record.itemId)).toEqual(['sku-1'])
  })

  it('delivers events recorded just before a Server Action or route handler returns', async () => {
    onServerlessHost()
    const { recordEvent, putUser } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    await recordEvent({ sessionId: 'checkout-session-1', eventType: 'purchase', itemId: 'sku-2' })
    putUser({ userId: 'user-new' })

    expect(emulator.records()).toEqual([])
    await runAfterTasks()
    expect(emulator.records({ operation: 'PutEvents' }).map((record) => record.eventType)).toEqual([
      'purchase',
    ])
    expect(emulator.records({ operation: 'PutUsers' }).map((record) => record.userId)).toEqual(['user-new'])
  })

  it('leaves delivery to the interval flush when deliverAfterResponse is false', async () => {
    onServerlessHost()
    const { recordEvent, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      deliverAfterResponse: false,
    })

    await recordEvent({ sessionId: 'checkout-session-1', eventType: 'purchase', itemId: 'sku-2' })

    expect(afterTasks).toEqual([])
    expect(dispatcher.stats().queued).toBe(1)
  })
})

describe('delivery on a long-lived server (next start: no platform waitUntil)', () => {
  it('hands nothing to after() and leaves the records to the interval flush, which batches across requests', async () => {
    const { handlers, recordEvent, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
    })

    for (const itemId of ['sku-1', 'sku-2', 'sku-3']) {
      const response = await handlers.POST(eventsRequest([{ eventType: 'click', itemId }]))
      expect(response.status).toBe(202)
    }
    await recordEvent({ sessionId: 'checkout-session-1', eventType: 'purchase', itemId: 'sku-2' })

    expect(afterTasks).toEqual([])
    expect(dispatcher.stats().queued).toBe(4)
    expect(emulator.records()).toEqual([])
  })
})
