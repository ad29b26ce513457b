import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPersonalize } from './create-personalize'
import { parseSetCookie } from './request-identity'
import { type Emulator, emulatorOptions, resetRegistry, startTestEmulator } from './test-helpers'

// cookies()/headers() only work inside a Next.js request; this stands in for one request's stores. `canSet`
// false models a Server Component, where Next.js refuses cookie writes.
const scope = vi.hoisted(() => ({
  headers: new Headers(),
  jar: new Map<string, string>(),
  writes: [] as Record<string, unknown>[],
  canSet: true,
  headersError: undefined as Error | undefined,
}))
vi.mock('next/headers.js', () => ({
  headers: async () => {
    if (scope.headersError) throw scope.headersError
    return scope.headers
  },
  cookies: async () => ({
    get: (name: string) => (scope.jar.has(name) ? { name, value: scope.jar.get(name) } : undefined),
    set: (cookie: { name: string; value: string }) => {
      if (!scope.canSet) throw new Error('Cookies can only be modified in a Server Action or Route Handler.')
      scope.writes.push(cookie)
      scope.jar.set(cookie.name, cookie.value)
    },
  }),
}))

function newRequestScope(options: {
  cookies?: Record<string, string>
  headers?: Record<string, string>
  canSet?: boolean
}) {
  scope.jar = new Map(Object.entries(options.cookies ?? {}))
  const cookieHeader = [...scope.jar].map(([name, value]) => `${name}=${value}`).join('; ')
  scope.headers = new Headers({
    host: 'shop.test',
    ...(cookieHeader ? { cookie: cookieHeader } : {}),
    ...options.headers,
  })
  scope.writes = []
  scope.canSet = options.canSet ?? true
  scope.headersError = undefined
}

let emulator: Emulator
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())
afterEach(() => resetRegistry())

describe('recordEvent inside a request (Server Components, Server Actions, route handlers)', () => {
  it('uses the session cookie and the user of the request', async () => {
    const { recordEvent, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId: (request) =>
        request.headers.get('cookie')?.includes('auth=alice') ? 'user-alice' : undefined,
    })
    const sessionId = 'b'.repeat(32)
    newRequestScope({ cookies: { pk_sid: sessionId, auth: 'alice' } })

    await recordEvent({ eventType: 'purchase', itemId: 'sku-1', eventValue: 9.5 })

    expect(scope.writes).toEqual([])
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' })[0]).toMatchObject({
      sessionId,
      userId: 'user-alice',
      eventType: 'purchase',
    })
  })

  it('mints the cookie in a Server Action and reuses it for the next event of the same action', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    newRequestScope({ headers: { 'x-forwarded-proto': 'https' } })

    await recordEvent({ eventType: 'purchase', itemId: 'sku-1' })
    await recordEvent({ eventType: 'purchase', itemId: 'sku-2' })

    expect(scope.writes).toHaveLength(1)
    expect(scope.writes[0]).toMatchObject({
      name: 'pk_sid',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: true,
      maxAge: 2_592_000,
    })
    await dispatcher.flush()
    const sessions = emulator.records({ operation: 'PutEvents' }).map((record) => record.sessionId)
    expect(sessions).toEqual([scope.writes[0]?.value, scope.writes[0]?.value])
  })

  it('stores the same event once per request, however often it is recorded, and again in the next request', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    newRequestScope({ cookies: { pk_sid: 'c'.repeat(32) }, canSet: false })

    // What React does under Cache Components, or two components that both record the page's view.
    const [first, again] = await Promise.all([
      recordEvent({ eventType: 'view', itemId: 'sku-1', properties: { color: 'red' } }),
      recordEvent({ eventType: 'view', itemId: 'sku-1', properties: { color: 'red' } }),
    ])
    const other = await recordEvent({ eventType: 'view', itemId: 'sku-1', properties: { color: 'blue' } })
    newRequestScope({ cookies: { pk_sid: 'c'.repeat(32) }, canSet: false })
    const nextRequest = await recordEvent({
      eventType: 'view',
      itemId: 'sku-1',
      properties: { color: 'red' },
    })

    expect(again.eventId).toBe(first.eventId)
    expect(new Set([first.eventId, other.eventId, nextRequest.eventId]).size).toBe(3)
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' }).map((record) => record.eventId)).toEqual([
      first.eventId,
      other.eventId,
      nextRequest.eventId,
    ])
  })

  it('keeps one session for every event of a Server Component render, where the cookie cannot be set', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    newRequestScope({ canSet: false })

    await recordEvent({ eventType: 'view', itemId: 'sku-1' })
    await recordEvent({ eventType: 'view', itemId: 'sku-2' })

    await dispatcher.flush()
    const sessions = emulator.records({ operation: 'PutEvents' }).map((record) => record.sessionId)
    expect(sessions).toHaveLength(2)
    expect(sessions[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(sessions[1]).toBe(sessions[0])
  })

  it('replaces a malformed cookie once per render, not once per event', async () => {
    const { recordEvent, dispatcher } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    newRequestScope({ cookies: { pk_sid: 'bad' }, canSet: false })

    await recordEvent({ eventType: 'view', itemId: 'sku-1' })
    await recordEvent({ eventType: 'view', itemId: 'sku-2' })

    await dispatcher.flush()
    const sessions = emulator.records({ operation: 'PutEvents' }).map((record) => record.sessionId)
    expect(sessions[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(sessions).toEqual([sessions[0], sessions[0]])
  })

  it('prefers an explicit userId and sessionId over the request', async () => {
    const getUserId = vi.fn(() => 'user-from-cookie')
    const { recordEvent, dispatcher } = createPersonalize({
      dispatcherOptions: emulatorOptions(emulator),
      getUserId,
    })
    newRequestScope({ cookies: { pk_sid: 'c'.repeat(32) } })

    await recordEvent({ sessionId: 'explicit-session', userId: 'explicit-user', eventType: 'view' })

    expect(getUserId).not.toHaveBeenCalled()
    await dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' })[0]).toMatchObject({
      sessionId: 'explicit-session',
      userId: 'explicit-user',
    })
  })
})

describe('recordEvent while Next.js prerenders', () => {
  it("lets Next's dynamic-rendering signal from headers() through instead of reporting a missing request", async () => {
    const { recordEvent } = createPersonalize({ dispatcherOptions: emulatorOptions(emulator) })
    newRequestScope({})
    // What headers() throws while `next build` prerenders a page: Next catches it and renders on demand.
    const dynamicUsage = Object.assign(new Error('Dynamic server usage: headers'), {
      digest: 'DYNAMIC_SERVER_USAGE',
    })
    scope.headersError = dynamicUsage

    await expect(recordEvent({ eventType: 'view', itemId: 'sku-1' })).rejects.toBe(dynamicUsage)
  })
})

describe('parseSetCookie', () => {
  it('turns the collector cookie into the shape cookies().set() takes', () => {
    expect(
      parseSetCookie('pk_sid=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Domain=shop.test; Secure'),
    ).toEqual({
      name: 'pk_sid',
      value: 'abc',
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      maxAge: 60,
      domain: 'shop.test',
      secure: true,
    })
  })
})
