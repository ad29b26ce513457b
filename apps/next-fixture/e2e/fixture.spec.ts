import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NextServer, startNext } from './next-server'

// An app as create-next-app 16.4 makes it (cacheComponents + partialPrefetching), following the README as
// written. Delivery on `next start` is the dispatcher's interval flush (1 s by default), as on any long-lived
// server, so each check waits for records and then one more interval for anything extra.
let app: NextServer
let browser: Browser

beforeAll(async () => {
  const launching = launchChromium()
  try {
    app = await startNext()
  } finally {
    browser = await launching
  }
})
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

type Records = ReturnType<NextServer['emulator']['records']>

async function settled(predicate: (records: Records) => boolean): Promise<Records> {
  await app.emulator.waitFor(predicate, 20_000)
  // Two interval periods more: a duplicate would have been sent by then.
  await new Promise((resolve) => setTimeout(resolve, 2_500))
  return app.emulator.records({ operation: 'PutEvents' })
}

const sid = (n: number) => n.toString(16).padStart(32, '0')

describe('next build', () => {
  it('prerenders without recording or reading the clock', () => {
    const log = readFileSync(join(import.meta.dirname, '..', '.next', 'build-output.log'), 'utf8')
    expect(log).toContain('Cache Components enabled')
    expect(log).not.toMatch(/Date\.now\(\)|unstable value|while prerendering|recordEvent/)
  })
})

describe('recording from Server Components under Cache Components', () => {
  it('stores one view per page view, however often React renders the component', async () => {
    for (const session of [sid(1), sid(2)]) {
      const response = await fetch(`${app.url}/`, { headers: { cookie: `pk_sid=${session}` } })
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('viewed')
    }

    const records = await settled(
      (all) => all.filter((record) => record.eventType === 'view' && record.itemId === 'home').length >= 2,
    )
    const views = records.filter((record) => record.eventType === 'view' && record.itemId === 'home')
    expect(views.map((record) => record.sessionId).sort()).toEqual([sid(1), sid(2)])
    expect(app.output()).not.toMatch(/Date\.now\(\)|unstable value|while prerendering/)
  })

  it('records the same event once per request when several components record it', async () => {
    const response = await fetch(`${app.url}/inside-suspense`, { headers: { cookie: `pk_sid=${sid(3)}` } })
    expect(response.status).toBe(200)
    await response.text()

    const records = await settled((all) =>
      all.some((record) => record.sessionId === sid(3) && record.itemId === 'sku-1'),
    )
    expect(records.filter((record) => record.sessionId === sid(3)).map((record) => record.itemId)).toEqual([
      'sku-1',
    ])
    // Recorded with an explicit session: once, at request time (never while `next build` prerendered the page).
    expect(records.filter((record) => record.eventType === 'explicit-view')).toHaveLength(1)
  })
})

describe('the README patterns', () => {
  it('records browser clicks and a Server Action purchase for the signed-in user (getUserId through auth())', async () => {
    const context = await browser.newContext({ baseURL: app.url })
    await context.addCookies([{ name: 'fixture_user', value: 'user-ada', url: app.url }])
    const page = await context.newPage()
    await page.goto('/')
    await page.getByTestId('viewed').waitFor()
    await page.getByTestId('buy').click()
    await page.getByTestId('checkout').click()

    const session = (await context.cookies()).find((cookie) => cookie.name === 'pk_sid')?.value
    expect(session).toMatch(/^[0-9a-f]{32}$/)
    const records = await settled(
      (all) =>
        all.some((record) => record.sessionId === session && record.eventType === 'purchase') &&
        all.some((record) => record.sessionId === session && record.eventType === 'click'),
    )
    const mine = records.filter((record) => record.sessionId === session)
    expect(mine.map((record) => `${record.eventType}:${record.itemId}:${record.userId}`).sort()).toEqual([
      'click:sku-1:user-ada',
      'purchase:sku-2:user-ada',
      'view:home:user-ada',
    ])
    await context.close()
  })

  it('serves the Pages Router collector beside the App Router instance (no next/headers there)', async () => {
    const response = await fetch(`${app.url}/api/pages-router/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url, cookie: `pk_sid=${sid(4)}` },
      body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sku-2', eventId: 'pages-1' }] }),
    })

    expect(response.status).toBe(202)
    const records = await settled((all) => all.some((record) => record.eventId === 'pages-1'))
    expect(records.filter((record) => record.eventId === 'pages-1')).toMatchObject([
      { sessionId: sid(4), itemId: 'sku-2' },
    ])
  })
})

describe('delivery on a long-lived server', () => {
  it('batches the collector requests of one session across requests instead of one call per request', async () => {
    const session = sid(5)
    await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 20))
        const response = await fetch(`${app.url}/api/personalize/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: app.url, cookie: `pk_sid=${session}` },
          body: JSON.stringify({ events: [{ eventType: 'click', itemId: `sku-${index}` }] }),
        })
        expect(response.status).toBe(202)
      }),
    )

    const records = await settled((all) => all.filter((record) => record.sessionId === session).length >= 20)
    const mine = records.filter((record) => record.sessionId === session)
    expect(mine).toHaveLength(20)
    expect(new Set(mine.map((record) => record.requestId)).size).toBeLessThanOrEqual(3)
  })
})
