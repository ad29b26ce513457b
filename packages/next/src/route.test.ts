import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPersonalize } from './create-personalize'
import { registry } from './registry'
import { POST } from './route'
import {
  type Emulator,
  emulatorOptions,
  eventsRequest,
  resetRegistry,
  sessionCookie,
  startTestEmulator,
} from './test-helpers'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())
afterEach(async () => {
  vi.unstubAllEnvs()
  await resetRegistry()
})

describe('the zero-configuration route (`export { POST } from "@personalize-kit/next/route"`)', () => {
  it('is configured from the environment when the app created no instance', async () => {
    vi.stubEnv('PERSONALIZE_TRACKING_ID', '')
    vi.stubEnv('PERSONALIZE_ENDPOINT', emulator.url)

    const response = await POST(eventsRequest([{ eventType: 'click', itemId: 'sku-7' }]))

    expect(response.status).toBe(202)
    const sessionId = sessionCookie(response)
    await registry().dispatchers.get('default')?.flush()
    expect(emulator.records({ operation: 'PutEvents' })).toEqual([
      expect.objectContaining({
        trackingId: 'demo-tracking-id',
        sessionId,
        eventType: 'click',
        itemId: 'sku-7',
      }),
    ])
  })

  it("serves the app's instance when one was created earlier in the process, with its getUserId", async () => {
    const { dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: (request) => (request.headers.get('cookie')?.includes('user=bob') ? 'user-bob' : undefined),
    })

    const response = await POST(
      eventsRequest([{ eventType: 'click', itemId: 'sku-8' }], { cookie: 'user=bob' }),
    )

    expect(response.status).toBe(202)
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' })[0]).toMatchObject({
      userId: 'user-bob',
      itemId: 'sku-8',
    })
  })
})
