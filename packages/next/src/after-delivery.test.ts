import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPersonalize } from './create-personalize'
import {
  type Emulator,
  emulatorOptions,
  eventsRequest,
  resetRegistry,
  startTestEmulator,
} from './test-helpers'

// after() only exists inside a Next.js request; unit tests have none, so it is replaced by a recorder. The
// real one is exercised by the next-shop end-to-end test against `next start`.
const afterTasks = vi.hoisted(() => [] as (Promise<unknown> | (() => unknown))[])
vi.mock('next/server.js', () => ({
  after: (task: Promise<unknown> | (() => unknown)) => afterTasks.push(task),
}))

async function runAfterTasks(): Promise<void> {
  const tasks = afterTasks.splice(0)
  await Promise.all(tasks.map((task) => (typeof task === 'function' ? task() : task)))
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
afterEach(() => resetRegistry())

describe('delivery through after()', () => {
  it('answers the collector request first and delivers its events in the after() task', async () => {
    const { handlers } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const response = await handlers.POST(eventsRequest([{ eventType: 'click', itemId: 'sku-1' }]))

    expect(response.status).toBe(202)
    expect(afterTasks).toHaveLength(1)
    // The flush interval is ten minutes, so only the after() task can have delivered the event.
    await runAfterTasks()
    expect(emulator.records({ operation: 'PutEvents' }).map((record) => record.itemId)).toEqual(['sku-1'])
  })

  it('delivers events recorded just before a Server Action or route handler returns', async () => {
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
    const { recordEvent, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      deliverAfterResponse: false,
    })

    await recordEvent({ sessionId: 'checkout-session-1', eventType: 'purchase', itemId: 'sku-2' })

    expect(afterTasks).toEqual([])
    expect(dispatcher.stats().queued).toBe(1)
  })
})
