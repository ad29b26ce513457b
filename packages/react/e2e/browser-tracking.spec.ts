import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type Fixture, startFixture } from './fixture-server'
import type { ReactLine } from './react-bundles'

// Both ends of each React major the peer range claims, server-rendered and hydrated with that same React.
describe.each(['19', '19.0', '18'] as ReactLine[])('React %s', (react) => {
  let fixture: Fixture
  let browser: Browser
  let context: BrowserContext | undefined

  beforeAll(async () => {
    fixture = await startFixture({ react })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await fixture?.stop()
  })

  afterEach(async () => {
    await context?.close()
    context = undefined
    fixture.emulator.reset()
    fixture.collectorHits.length = 0
  })

  const openShop = async (query = '') => {
    context = await browser.newContext({ viewport: { width: 800, height: 600 } })
    const page = await context.newPage()
    await page.goto(`${fixture.url}/${query}`)
    await page.waitForSelector('html[data-hydrated="true"]')
    expect(await page.getAttribute('html', 'data-react')).toMatch(
      new RegExp(`^${react.replace('.', '\\.')}\\.`),
    )
    const cookie = (await context.cookies()).find((c) => c.name === 'pk_sid')
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{16,}$/)
    return { page, sessionId: cookie!.value }
  }

  const eventsFor = (sessionId: string) =>
    fixture.emulator.records({ operation: 'PutEvents' }).filter((r) => r.sessionId === sessionId)

  describe('@personalize-kit/react in headless Chromium, through Express and the emulator', () => {
    it('delivers a click under the session of the pk_sid cookie, with the eventId minted in the browser', async () => {
      const { page, sessionId } = await openShop()
      await page.click('#buy')
      const records = await fixture.emulator.waitFor(
        (all) => all.some((r) => r.sessionId === sessionId && r.itemId === 'sku-1'),
        15_000,
      )
      const click = records.find((r) => r.itemId === 'sku-1')!
      expect(click).toMatchObject({ operation: 'PutEvents', eventType: 'click', sessionId })
      expect(click.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(fixture.collectorHits.every((hit) => hit.contentType?.startsWith('application/json'))).toBe(true)
    })

    it('records one impression once the recommendations are scrolled into view', async () => {
      const { page, sessionId } = await openShop()
      // Below the fold: nothing may be recorded however long the visitor stays at the top.
      await page.waitForTimeout(1_500)
      await fixture.flush()
      expect(eventsFor(sessionId).filter((r) => r.eventType === 'impression')).toEqual([])
      await page.locator('#recommendations').scrollIntoViewIfNeeded()
      await fixture.emulator.waitFor(
        (all) => all.some((r) => r.sessionId === sessionId && r.eventType === 'impression'),
        15_000,
      )
      const [impression, ...more] = eventsFor(sessionId).filter((r) => r.eventType === 'impression')
      expect(more).toEqual([])
      expect(impression?.data).toMatchObject({ impression: ['rec-1', 'rec-2'], recommendationId: 'rid-1' })
    })

    it('delivers a click followed at once by navigating away, by beacon on page hide', async () => {
      // A one-minute batch window: the only way this click can leave in time is the page-hide beacon.
      const { page, sessionId } = await openShop('?flush=60000')
      // Count real sendBeacon calls in storage that survives the navigation (Chromium's DevTools protocol does not
      // report requests sent while a page unloads).
      await page.evaluate(() => {
        const send = navigator.sendBeacon.bind(navigator)
        navigator.sendBeacon = (url, data) => {
          const accepted = send(url, data)
          localStorage.setItem(
            'beacons',
            `${localStorage.getItem('beacons') ?? ''}${accepted ? 'sent' : 'refused'};`,
          )
          return accepted
        }
      })
      await Promise.all([page.waitForURL('**/other'), page.click('#leave')])
      await fixture.emulator.waitFor(
        (all) => all.some((r) => r.sessionId === sessionId && r.itemId === 'sku-leave'),
        15_000,
      )
      expect(await page.evaluate(() => localStorage.getItem('beacons'))).toBe('sent;')
    })

    it('sends nothing while the page is rendered on the server', async () => {
      context = await browser.newContext({ javaScriptEnabled: false })
      const page = await context.newPage()
      const rendersBefore = fixture.renders()
      await page.goto(fixture.url)
      expect(await page.locator('#buy').textContent()).toBe('Buy')
      expect(fixture.renders()).toBe(rendersBefore + 1)
      await fixture.flush()
      expect(fixture.collectorHits).toEqual([])
      expect(fixture.emulator.records({ operation: 'PutEvents' })).toEqual([])
    })
  })
})
