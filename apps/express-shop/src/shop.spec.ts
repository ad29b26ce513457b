import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCatalog } from './catalog'
import { createShopApp, type ShopApp } from './create-shop-app'

let emulator: Emulator
let browser: Browser

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await emulator?.stop()
})

describe.each(['bundle', 'fallback'] as const)('browser tracking (%s)', (browserTracking) => {
  let shop: ShopApp
  let server: Server
  let url: string

  beforeAll(async () => {
    emulator.reset()
    const dispatcher = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      flushIntervalMs: 50,
    })
    // Recommendations from this emulator too: the home page's recommended row comes from it.
    shop = createShopApp({ dispatcher, browserTracking, env: { PERSONALIZE_ENDPOINT: emulator.url } })
    server = await new Promise<Server>((resolve) => {
      const s = shop.app.listen(0, '127.0.0.1', () => resolve(s))
    })
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await shop.personalize.close()
  })

  it('records impressions of visible lists, then the click and the product view in one session', async () => {
    // Tall enough that the coffee list (ten products, below the recommended row) is in view as a whole.
    const context = await browser.newContext({ viewport: { width: 1280, height: 2000 } })
    const page = await context.newPage()
    await page.goto(`${url}/`)
    const coffee = demoCatalog()
      .filter((product) => product.category === 'coffee')
      .map((product) => product.id)
    const isCoffeeImpression = (r: { eventType?: string; data: Record<string, unknown> }) =>
      r.eventType === 'impression' && JSON.stringify(r.data.impression) === JSON.stringify(coffee)
    const impressions = await emulator.waitFor((records) => records.some(isCoffeeImpression), 10_000)
    const impression = impressions.find(isCoffeeImpression)
    expect(impression?.sessionId).toMatch(/^[0-9a-f]{32}$/)

    // The catalog's card (the recommended row above it may show the same product).
    await page.click('[data-pk-list="catalog-coffee"] [data-pk-item="sku-filter"]')
    await page.waitForURL(`${url}/products/sku-filter`)
    const records = await emulator.waitFor(
      (all) => all.some((r) => r.eventType === 'click') && all.some((r) => r.eventType === 'view'),
      10_000,
    )
    const click = records.find((r) => r.eventType === 'click')
    const view = records.find((r) => r.eventType === 'view')
    expect(click).toMatchObject({ itemId: 'sku-filter', sessionId: impression?.sessionId })
    expect(click?.data.impression).toEqual(coffee)
    expect(view).toMatchObject({ itemId: 'sku-filter', sessionId: impression?.sessionId })
    const cookies = await context.cookies()
    expect(cookies.find((c) => c.name === 'pk_sid')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    await context.close()
  })
})
