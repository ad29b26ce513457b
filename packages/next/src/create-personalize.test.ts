import { PersonalizeKitError, PersonalizeValidationError } from '@personalize-kit/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPersonalize } from './create-personalize'
import { registry } from './registry'
import {
  type Emulator,
  emulatorOptions,
  eventsRequest,
  resetRegistry,
  sessionCookie,
  startTestEmulator,
} from './test-helpers'

// No Next.js request scope here: after() and cookies() throw, exactly as at module scope or in a timer, so these
// tests also prove the binding degrades to the dispatcher's own flushing there.
let emulator: Emulator
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())
afterEach(() => resetRegistry())

describe('handlers.POST (the collector route)', () => {
  it('mints the pk_sid cookie and records browser events under it with the user from getUserId', async () => {
    const { handlers, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: (request) =>
        request.headers.get('authorization') === 'Bearer alice' ? 'user-alice' : undefined,
    })

    const response = await handlers.POST(
      eventsRequest([{ eventType: 'click', itemId: 'sku-1', userId: 'someone-else' }], {
        headers: { authorization: 'Bearer alice' },
      }),
    )

    expect(response.status).toBe(202)
    const sessionId = sessionCookie(response)
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/)
    expect(response.headers.getSetCookie()[0]).toMatch(/HttpOnly/)
    const { accepted } = (await response.json()) as { accepted: string[] }
    expect(accepted).toHaveLength(1)

    await dispatcher.flush()
    const [record] = emulator.records({ operation: 'PutEvents' })
    expect(record).toMatchObject({
      sessionId,
      userId: 'user-alice', // from the app's session, never from the body
      eventType: 'click',
      itemId: 'sku-1',
      eventId: accepted[0],
    })
  })

  it('keeps the session of an existing cookie', async () => {
    const { handlers, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    const sessionId = 'a'.repeat(32)

    const response = await handlers.POST(
      eventsRequest([{ eventType: 'view', itemId: 'sku-2' }], { cookie: `pk_sid=${sessionId}` }),
    )

    expect(response.status).toBe(202)
    expect(sessionCookie(response)).toBeUndefined()
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' }).map((record) => record.sessionId)).toEqual([
      sessionId,
    ])
  })

  it('judges origin and cookie security by the public host, not the address next start listens on', async () => {
    const { handlers } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    // What a route handler sees behind an HTTPS proxy: request.url names the bind address.
    const request = eventsRequest([{ eventType: 'click', itemId: 'sku-1' }], {
      url: 'http://localhost:3000/api/personalize/events',
      headers: {
        origin: 'https://shop.example',
        'x-forwarded-host': 'shop.example',
        'x-forwarded-proto': 'https',
      },
    })

    const response = await handlers.POST(request)

    expect(response.status).toBe(202)
    expect(response.headers.getSetCookie()[0]).toMatch(/; Secure$/)
  })

  it('still refuses another site', async () => {
    const { handlers } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const response = await handlers.POST(
      eventsRequest([{ eventType: 'click' }], {
        url: 'http://localhost:3000/api/personalize/events',
        headers: {
          origin: 'https://evil.example',
          'x-forwarded-host': 'shop.example',
          'sec-fetch-site': 'cross-site',
        },
      }),
    )

    expect(response.status).toBe(403)
  })

  it('answers a bad request with a JSON error instead of throwing', async () => {
    const { handlers } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const response = await handlers.POST(eventsRequest([{ itemId: 'no-type' }]))

    expect(response.status).toBe(400)
    expect(JSON.stringify(await response.json())).toContain('eventType')
  })
})

describe('one dispatcher per process', () => {
  it('reuses the dispatcher when the module is evaluated again (dev hot reload, other bundles)', async () => {
    const first = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    const second = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: () => 'user-2',
    })

    expect(second.dispatcher).toBe(first.dispatcher)
    expect(registry().dispatchers.size).toBe(1)
    // The latest configuration wins for the instance, so an edited getUserId applies without a restart.
    expect(registry().instances.get('default')).toBe(second)
  })

  it('survives a real module re-evaluation, as on a hot reload', async () => {
    const before = await import('./create-personalize')
    const first = before.createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    vi.resetModules()
    const reloaded = await import('./create-personalize')

    const second = reloaded.createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    expect(reloaded.createPersonalize).not.toBe(before.createPersonalize)
    expect(second.dispatcher).toBe(first.dispatcher)
  })

  it('keeps named instances apart', () => {
    const shop = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    const admin = createPersonalize({ name: 'admin', dispatcherOptions: emulatorOptions(emulator) })

    expect(admin.dispatcher).not.toBe(shop.dispatcher)
  })

  it('creates a fresh dispatcher once the previous one was closed', async () => {
    const first = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    await first.dispatcher.close()

    const second = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    expect(second.dispatcher).not.toBe(first.dispatcher)
    expect(second.dispatcher.closed).toBe(false)
  })
})

describe('recordEvent outside a request', () => {
  it('records with an explicit sessionId and userId (e.g. a webhook or a job)', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const { eventId } = await recordEvent({
      sessionId: 'job-session-0001',
      userId: 'user-9',
      eventType: 'purchase',
      itemId: 'sku-3',
      eventValue: 12.5,
    })

    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' })).toEqual([
      expect.objectContaining({
        eventId,
        sessionId: 'job-session-0001',
        userId: 'user-9',
        eventType: 'purchase',
      }),
    ])
  })

  it('explains that a sessionId is needed when there is no cookie to read', async () => {
    const { recordEvent } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const error = await recordEvent({ eventType: 'purchase', itemId: 'sku-3' }).catch(
      (caught: unknown) => caught,
    )

    expect(error).toBeInstanceOf(PersonalizeKitError)
    expect(error).toMatchObject({
      code: 'PERSONALIZE_NO_REQUEST',
      message: expect.stringContaining('sessionId'),
    })
  })

  it('rejects an invalid event with the field and the limit, and queues nothing', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })

    const error = await recordEvent({
      sessionId: 'job-session-0001',
      eventType: 'view',
      impression: Array.from({ length: 30 }, (_, index) => `sku-${index}`),
    }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(PersonalizeValidationError)
    expect((error as PersonalizeValidationError).issues[0]?.path).toBe('impression')
    expect(dispatcher.stats().accepted).toBe(0)
  })

  it('sends putItem and putUser to the configured datasets', async () => {
    const { putItem, putUser, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
    })

    putItem({ itemId: 'sku-1', properties: { category: 'tea' } })
    putUser({ userId: 'user-1', properties: { plan: 'gold' } })

    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutItems' }).map((record) => record.itemId)).toEqual(['sku-1'])
    expect(emulator.records({ operation: 'PutUsers' }).map((record) => record.userId)).toEqual(['user-1'])
  })
})
