import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RecommendationFixture, startRecommendationFixture } from './recommendation-fixture'

let fixture: RecommendationFixture
let browser: Browser
let context: BrowserContext | undefined

beforeAll(async () => {
  fixture = await startRecommendationFixture()
  browser = await launchChromium()
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await fixture?.stop()
})

describe('useRecommendation in headless Chromium, with recommendations from the emulator', () => {
  it('a shown recommendation records one impression, and a click on its item carries its recommendationId', async () => {
    context = await browser.newContext({ viewport: { width: 800, height: 600 } })
    const page = await context.newPage()
    await page.goto(fixture.url)
    await page.waitForSelector('html[data-hydrated="true"]')
    const sessionId = (await context.cookies()).find((c) => c.name === 'pk_sid')!.value
    const shown = JSON.parse((await page.textContent('#recommendation'))!)
    // Best sellers learnt from the purchases the fixture recorded.
    expect(shown).toMatchObject({ source: 'personalize', recommendationId: expect.any(String) })
    const itemIds = shown.items.map((item: { itemId: string }) => item.itemId)
    expect(itemIds).toEqual(['tea', 'pot', 'cup'])

    const eventsOfVisitor = () =>
      fixture.emulator.records({ operation: 'PutEvents' }).filter((r) => r.sessionId === sessionId)
    await page.locator('#recommended').scrollIntoViewIfNeeded()
    await fixture.emulator.waitFor(
      (all) => all.some((r) => r.sessionId === sessionId && r.eventType === 'impression'),
      15_000,
    )
    await page.click('button[data-item="pot"]')
    await fixture.emulator.waitFor(
      (all) => all.some((r) => r.sessionId === sessionId && r.eventType === 'click'),
      15_000,
    )
    await page.waitForTimeout(500)
    await fixture.flush()
    const events = eventsOfVisitor()
    expect(events.filter((r) => r.eventType === 'impression')).toHaveLength(1)
    expect(events.find((r) => r.eventType === 'impression')?.data).toMatchObject({
      impression: itemIds,
      recommendationId: shown.recommendationId,
    })
    expect(events.filter((r) => r.eventType === 'click')).toMatchObject([
      { itemId: 'pot', data: { recommendationId: shown.recommendationId } },
    ])
    // The emulator's attribution joins them to what it recommended: one list shown, its three items, one click.
    const attribution = fixture.emulator.attribution()
    expect(attribution.unknownRecommendationIds).toEqual([])
    expect(attribution.resources.find((r) => r.arn.endsWith('/demo-best-sellers'))).toMatchObject({
      recommendations: 1,
      impressions: 1,
      impressedItems: 3,
      clicks: 1,
      mismatchedClicks: 0,
    })
  })
})
