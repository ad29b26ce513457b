import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createShopApp, type ShopApp } from './create-shop-app'

interface LogLine {
  level: string
  obj: unknown
  msg?: string
}

function capturingLogger() {
  const lines: LogLine[] = []
  const at = (level: string) => (obj: unknown, msg?: string) => void lines.push({ level, obj, msg })
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } }
}

let emulator: Emulator
let server: Server | undefined
let dispatcher: Dispatcher | undefined

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  server?.closeAllConnections()
  if (server) await new Promise((resolve) => server?.close(resolve))
  server = undefined
  emulator.faults.clear()
  await dispatcher?.close({ timeoutMs: 5000 })
  await emulator.stop()
})

async function startShop(overrides: { maxQueueSize?: number } = {}) {
  const { lines, logger } = capturingLogger()
  dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 50,
    // A hung call is abandoned and retried soon, so lifting the fault lets held records through quickly.
    requestTimeoutMs: 1000,
    retry: { maxAttempts: 100, maxDelayMs: 500 },
    logger,
    ...overrides,
  })
  const shop: ShopApp = createShopApp({ dispatcher, secret: 'test-secret' })
  // The catalog's PutItems go out before PutEvents hang.
  await dispatcher.flush()
  server = await new Promise<Server>((resolve) => {
    const s = shop.app.listen(0, '127.0.0.1', () => resolve(s))
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { shop, base, lines, dispatcher }
}

/** A visitor with a session cookie who adds a product to the cart and checks out. */
async function buy(base: string) {
  const home = await fetch(`${base}/`, { headers: { accept: 'text/html' } })
  expect(home.status).toBe(200)
  const cookie = /pk_sid=[0-9a-f]{32}/.exec(home.headers.getSetCookie().join('; '))?.[0] as string
  expect(cookie).toBeDefined()
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie }
  const cart = await fetch(`${base}/cart`, {
    method: 'POST',
    headers: form,
    body: 'itemId=sku-kettle&quantity=1',
    redirect: 'manual',
  })
  const checkout = await fetch(`${base}/checkout`, { method: 'POST', headers: form, redirect: 'manual' })
  return { sessionId: cookie.slice('pk_sid='.length), cart, checkout }
}

const clicks = (n: number, request: number) => ({
  events: Array.from({ length: n }, (_, i) => ({ eventType: 'click', itemId: `sku-${request}-${i}` })),
})

describe('express-shop under a flood of browser events while PutEvents hang', () => {
  it('still takes the order, and stores the purchase once the service answers again', async () => {
    const { shop, base, dispatcher } = await startShop()
    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })

    // ~200 cookie-less collector requests of 50 clicks: enough to fill the whole dispatcher queue (10 000).
    const statuses: number[] = []
    for (let wave = 0; wave < 20; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fetch(`${base}/api/personalize/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: base },
            body: JSON.stringify(clicks(50, wave * 10 + i)),
          }),
        ),
      )
      for (const answer of answers) {
        statuses.push(answer.status)
        await answer.arrayBuffer()
      }
    }
    const held = dispatcher.stats().queued + dispatcher.stats().inFlight

    const { sessionId, cart, checkout } = await buy(base)
    expect(cart.status).toBe(303)
    expect(checkout.status).toBe(303)
    expect(checkout.headers.get('location')).toMatch(/^\/orders\/order-/)
    expect(shop.state.orders.size).toBe(1)
    expect(statuses).toHaveLength(200)
    // Browser traffic was turned away before it held more than its share (half) of the queue.
    expect(statuses.filter((s) => s === 429 || s === 503).length).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(5000)

    emulator.faults.clear()
    const stored = await emulator.waitFor(
      (records) => records.some((r) => r.eventType === 'purchase' && r.sessionId === sessionId),
      60_000,
    )
    const purchase = stored.find((r) => r.eventType === 'purchase' && r.sessionId === sessionId)
    expect(purchase?.itemId).toBe('sku-kettle')
  }, 120_000)

  it('takes the order when recording the purchase fails, and logs why', async () => {
    // Room for the catalog's 60 putItem records at startup (sent before the fault), then filled by the loop below.
    const { shop, base, dispatcher, lines } = await startShop({ maxQueueSize: 80 })
    emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
    // Server records fill the queue to the brim: the shop's own recordEvent calls are now refused.
    for (let i = 0; i < 80; i++) dispatcher.recordEvent({ sessionId: 'server-filler', eventType: 'tick' })

    const { cart, checkout } = await buy(base)
    expect(cart.status).toBe(303)
    expect(checkout.status).toBe(303)
    expect(shop.state.orders.size).toBe(1)
    const warnings = lines.filter((l) => l.level === 'warn' && l.msg?.includes('[express-shop]'))
    expect(warnings.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('add-to-cart not recorded'),
        expect.stringContaining('purchase not recorded'),
      ]),
    )
    expect(JSON.stringify(warnings[0]?.obj)).toContain('PERSONALIZE_QUEUE_FULL')
  }, 60_000)
})
