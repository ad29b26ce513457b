import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { products } from '../src/lib/catalog'
import { type ShopServer, startShop } from './shop-server'

let shop: ShopServer
let browser: Browser
let context: BrowserContext
let page: Page

beforeAll(async () => {
  const launching = launchChromium()
  try {
    // A long-lived server: records reach the emulator through the dispatcher's interval flush, batched across
    // requests (after() is only used where the platform provides waitUntil).
    // A generous recommendation budget: the rows under test must be Personalize's, not the fallback the 150 ms
    // default gives a loaded machine's first request.
    shop = await startShop({ env: { PERSONALIZE_RECOMMENDATIONS_TIMEOUT_MS: '5000' } })
  } finally {
    browser = await launching
  }
})
afterAll(async () => {
  await browser?.close()
  await shop?.stop()
})
beforeEach(async () => {
  context = await browser.newContext({ baseURL: shop.url })
  page = await context.newPage()
})
afterEach(async () => {
  await context.close()
})

type Records = ReturnType<ShopServer['emulator']['records']>

/** Waits for records, generously: turbo runs the apps' browser tests side by side on two cores. */
function arrived(predicate: (records: Records) => boolean): Promise<Records> {
  return shop.emulator.waitFor(predicate, 20_000)
}

async function sessionCookie(): Promise<string> {
  const cookie = (await context.cookies()).find((entry) => entry.name === 'pk_sid')
  if (!cookie) throw new Error('no pk_sid cookie in the browser')
  return cookie.value
}

// Server rendering first, before any browser page exists that could still send something late.
describe('server rendering', () => {
  it('sends nothing while rendering pages that use the hooks', async () => {
    const before = shop.emulator.records({ operation: 'PutEvents' }).length
    for (const path of ['/', '/cart', '/sign-in']) {
      const response = await fetch(`${shop.url}${path}`)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('Bean &amp; Leaf')
    }
    // A marker through the collector: once it has arrived, anything the renders above recorded would have been
    // sent by the same interval flush or an earlier one.
    const marker = await fetch(`${shop.url}/api/personalize/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop.url },
      body: JSON.stringify({ events: [{ eventType: 'marker' }] }),
    })
    expect(marker.status).toBe(202)
    await arrived((all) => all.some((record) => record.eventType === 'marker'))

    const added = shop.emulator.records({ operation: 'PutEvents' }).slice(before)
    expect(added.map((record) => record.eventType)).toEqual(['marker'])
  })

  it('answers the collector with the session cookie and a 202 listing the accepted ids', async () => {
    const response = await fetch(`${shop.url}/api/personalize/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop.url },
      body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sencha', eventId: 'e2e-event-1' }] }),
    })

    expect(response.status).toBe(202)
    expect(response.headers.get('set-cookie')).toMatch(
      /^pk_sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax/,
    )
    expect(await response.json()).toMatchObject({ accepted: ['e2e-event-1'], rejected: [] })
  })
})

describe('the Pages Router handler', () => {
  it("accepts events behind Next's body parser and attributes them with the app's getUserId", async () => {
    const response = await fetch(`${shop.url}/api/pages-router/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop.url, cookie: 'shop_user=user-bob' },
      body: JSON.stringify({
        events: [{ eventType: 'click', itemId: 'pour-over-kit', eventId: 'pages-event-1' }],
      }),
    })

    expect(response.status).toBe(202)
    const sessionId = /^pk_sid=([0-9a-f]{32});/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    const records = await arrived((all) => all.some((record) => record.eventId === 'pages-event-1'))
    expect(records.find((record) => record.eventId === 'pages-event-1')).toMatchObject({
      sessionId,
      userId: 'user-bob',
      itemId: 'pour-over-kit',
    })
  })
})

describe('next-shop against the emulator', () => {
  it('sends the catalog with putItem when the server starts', async () => {
    const items = await arrived(
      (records) => records.filter((record) => record.operation === 'PutItems').length >= products.length,
    )
    const itemIds = items.filter((record) => record.operation === 'PutItems').map((record) => record.itemId)
    expect(new Set(itemIds)).toEqual(new Set(products.map((product) => product.id)))
  })

  it('records a browser click under the session of the pk_sid cookie', async () => {
    await page.goto('/')
    await page.getByTestId('product-earl-grey').first().click()
    await page.waitForURL('**/products/earl-grey')

    const sessionId = await sessionCookie()
    const records = await arrived((all) =>
      all.some((record) => record.eventType === 'click' && record.itemId === 'earl-grey'),
    )
    const click = records.find((record) => record.eventType === 'click' && record.itemId === 'earl-grey')
    expect(click).toMatchObject({ sessionId, trackingId: 'demo-tracking-id' })
    // The product page's Server Component recorded the view under the same session: the proxy set the cookie
    // before the first render.
    const views = await arrived((all) =>
      all.some((record) => record.eventType === 'view' && record.itemId === 'earl-grey'),
    )
    expect(views.find((record) => record.eventType === 'view')?.sessionId).toBe(sessionId)
  })

  it('records one impression of the live recommended row with its recommendationId, and a click on it carries the id', async () => {
    await page.goto('/')
    const list = page.locator('ul[data-pk-list="recommended-for-you"]')
    // The row came from the emulator's recommender: an id it issued, no made-up one.
    const recommendationId = await list.getAttribute('data-pk-recommendation-id')
    expect(recommendationId).toMatch(/^RID-/)
    const shown = await list
      .locator('[data-pk-item]')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-pk-item')))
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.every((id) => products.some((product) => product.id === id))).toBe(true)
    await page.getByTestId('recommended').scrollIntoViewIfNeeded()

    const sessionId = await sessionCookie()
    const isImpression = (record: Records[number]) =>
      Array.isArray(record.data.impression) && record.data.recommendationId === recommendationId
    await arrived((all) => all.some((record) => record.sessionId === sessionId && isImpression(record)))
    await list.locator(`[data-pk-item="${shown[0]}"]`).click()
    await page.waitForURL(`**/products/${shown[0]}`)
    const isClick = (record: Records[number]) =>
      record.eventType === 'click' && record.data.recommendationId === recommendationId
    const records = await arrived((all) => all.some(isClick))
    const impressions = records.filter(isImpression)
    expect(impressions).toHaveLength(1)
    expect(impressions[0]?.data.impression).toEqual(shown)
    expect(records.find(isClick)).toMatchObject({ itemId: shown[0], sessionId })
    // The emulator joins both to what it recommended.
    const attribution = shop.emulator.attribution()
    expect(attribution.unknownRecommendationIds).toEqual([])
    const forYou = attribution.resources.find((r) => r.arn.endsWith('/demo-recommended-for-you'))
    expect(forYou?.clicks).toBeGreaterThanOrEqual(1)
    expect(forYou?.mismatchedClicks).toBe(0)
  })

  it('shows customers who viewed this also viewed on product pages and related items in the cart', async () => {
    await page.goto('/products/sencha')
    const alsoViewed = page.locator('ul[data-pk-list="also-viewed-sencha"]')
    expect(await alsoViewed.getAttribute('data-pk-recommendation-id')).toMatch(/^RID-/)
    expect(await alsoViewed.locator('[data-pk-item="sencha"]').count()).toBe(0)
    await page.getByTestId('add-to-cart').click()
    await page.waitForURL('**/cart')
    const related = page.locator('ul[data-pk-list="cart-related"]')
    expect(await related.getAttribute('data-pk-recommendation-id')).toMatch(/^RID-/)
    // Items already in the cart are not offered again.
    expect(await related.locator('[data-pk-item="sencha"]').count()).toBe(0)
    expect(await related.locator('[data-pk-item]').count()).toBeGreaterThan(0)
  })

  it('delivers a click made immediately before leaving the page', async () => {
    await page.goto('/')
    await page.getByTestId('product-chamomile').first().click({ noWaitAfter: true })
    // A full navigation right away: the tracker's batch timer never fires, the page-hide beacon must carry it.
    await page.goto('/cart')

    const sessionId = await sessionCookie()
    const records = await arrived((all) =>
      all.some(
        (record) =>
          record.eventType === 'click' && record.itemId === 'chamomile' && record.sessionId === sessionId,
      ),
    )
    // A batch caught in flight by the page hide may be sent twice; it keeps its eventId, so Personalize counts it once.
    const clicks = records.filter((record) => record.eventType === 'click' && record.itemId === 'chamomile')
    expect(new Set(clicks.map((record) => record.eventId)).size).toBe(1)
  })

  it('records the purchase server-side in the checkout Server Action, for the signed-in user', async () => {
    await page.goto('/sign-in')
    await page.getByTestId('sign-in-user-alice').click()
    await page.waitForURL(`${shop.url}/`)
    await page.getByTestId('product-hand-grinder').first().click()
    await page.waitForURL('**/products/hand-grinder')
    await page.getByTestId('add-to-cart').click()
    await page.waitForURL('**/cart')
    await page.getByTestId('checkout').click()
    await page.getByTestId('order-confirmation').waitFor()

    const sessionId = await sessionCookie()
    const orderId = await page.getByTestId('order-id').textContent()
    // Recorded as the action returned, delivered by the interval flush.
    const isClick = (record: { eventType?: string; itemId?: string }) =>
      record.eventType === 'click' && record.itemId === 'hand-grinder'
    const records = await arrived(
      (all) => all.some((record) => record.eventType === 'purchase') && all.some(isClick),
    )
    const purchase = records.find((record) => record.eventType === 'purchase')
    expect(purchase).toMatchObject({ sessionId, userId: 'user-alice', itemId: 'hand-grinder' })
    expect(purchase?.data.eventValue).toBe(65)
    expect(JSON.parse(String(purchase?.data.properties))).toEqual({ orderId, quantity: 1 })
    expect(
      records.some((record) => record.eventType === 'add-to-cart' && record.userId === 'user-alice'),
    ).toBe(true)
    // The browser's click went through the zero-config route, which serves the shop's instance (registered by
    // instrumentation.ts) and so attributes it with the shop's getUserId.
    expect(records.find(isClick)).toMatchObject({ sessionId, userId: 'user-alice' })
  })

  it('records a new user with putUser on sign-up', async () => {
    await page.goto('/sign-in')
    await page.getByLabel('Name').fill('Carol')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await page.getByTestId('user-name').waitFor()

    const records = await arrived(
      (all) =>
        all.some((record) => record.operation === 'PutUsers') &&
        all.some((record) => record.eventType === 'sign-up'),
    )
    expect(records.find((record) => record.operation === 'PutUsers')).toMatchObject({ userId: 'user-carol' })
    expect(records.find((record) => record.eventType === 'sign-up')).toMatchObject({
      userId: 'user-carol',
      sessionId: await sessionCookie(),
    })
  })
})

describe('the client bundle', () => {
  const staticDir = join(import.meta.dirname, '..', '.next', 'static')

  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry)
      return statSync(path).isDirectory() ? files(path) : [path]
    })
  }

  it('contains no AWS SDK code and no credentials', () => {
    const scripts = files(staticDir).filter((path) => /\.(js|mjs|map)$/.test(path))
    expect(scripts.length).toBeGreaterThan(0)
    const forbidden = [
      '@aws-sdk',
      '@smithy',
      'PersonalizeEventsClient',
      'PutEventsCommand',
      'aws4_request',
      'secretAccessKey',
      'AKIDEMULATOR',
      'emulator-secret',
      'AWS_SECRET_ACCESS_KEY',
    ]
    const leaks = scripts.flatMap((path) => {
      const text = readFileSync(path, 'utf8')
      return forbidden.filter((needle) => text.includes(needle)).map((needle) => `${path}: ${needle}`)
    })
    expect(leaks).toEqual([])
  })
})
