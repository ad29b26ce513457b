import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_RUNTIME_ARNS as ARN, DEMO_DATASET_GROUP as DEMO } from '../runtime/resource-kinds'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'

let browser: Browser
let emulator: Emulator
let events: PersonalizeEventsClient
let runtime: PersonalizeRuntimeClient

beforeAll(async () => {
  browser = await launchChromium()
  emulator = await startEmulator({ port: 0, quiet: true })
  const config = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  events = new PersonalizeEventsClient(config)
  runtime = new PersonalizeRuntimeClient(config)
})
afterAll(async () => {
  events?.destroy()
  runtime?.destroy()
  await browser?.close()
  await emulator?.stop()
})

it('the Recommendations view shows requests, impressions, clicks and CTR live, and flags unknown ids', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(emulator.url)
  await page.locator('[data-testid=live]').getByText('live').waitFor()
  await page.getByTestId('tab-recommendations').click()
  await page.getByText('No recommendations yet').waitFor()

  await events.send(
    new PutItemsCommand({ datasetArn: DEMO.itemsDatasetArn, items: [{ itemId: 'a' }, { itemId: 'b' }] }),
  )
  const out = await runtime.send(new GetRecommendationsCommand({ recommenderArn: ARN.bestSellers }))
  const row = page.locator(`[data-testid=attribution-row][data-arn="${ARN.bestSellers}"]`)
  await expect.poll(() => row.locator('[data-col=recommendations]').textContent()).toBe('1')
  await expect.poll(() => page.getByTestId('tab-recommendations').locator('.count').textContent()).toBe('1')

  await events.send(
    new PutEventsCommand({
      trackingId: DEMO.trackingId,
      sessionId: 's1',
      eventList: [
        { eventType: 'click', sentAt: new Date(), itemId: 'a', recommendationId: out.recommendationId },
        { eventType: 'click', sentAt: new Date(), itemId: 'a', recommendationId: 'RID-made-up' },
      ],
    }),
  )
  await expect.poll(() => row.locator('[data-col=clicks]').textContent()).toBe('1')
  expect(await row.locator('[data-col=impressions]').textContent()).toBe('1')
  expect(await row.locator('[data-col=ctr]').textContent()).toBe('50.0 %')
  await expect.poll(() => page.getByTestId('unknown-ids').textContent()).toContain('RID-made-up')
  expect(await page.locator('[data-testid=recommendation-row]').count()).toBe(1)
  expect(errors).toEqual([])
  await page.close()
})
