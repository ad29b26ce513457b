import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

let browser: Browser
let emulator: Emulator
let client: PersonalizeEventsClient
let page: Page
let pageErrors: string[]

beforeAll(async () => {
  browser = await launchChromium()
  emulator = await startEmulator({ port: 0 })
  client = new PersonalizeEventsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test', sessionToken: 'very-secret-token' },
    maxAttempts: 1,
  })
})
afterAll(async () => {
  client?.destroy()
  await browser?.close()
  await emulator?.stop()
})
beforeEach(async () => {
  emulator.reset()
  pageErrors = []
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  page.on('pageerror', (e) => pageErrors.push(e.message))
  await page.goto(emulator.url)
  await page.locator('[data-testid=live]').getByText('live').waitFor()
  return async () => {
    await page.close()
    expect(pageErrors).toEqual([])
  }
})

const put = (sessionId: string, eventType: string, extra: Record<string, unknown> = {}) =>
  client.send(
    new PutEventsCommand({
      trackingId: 't1',
      sessionId,
      userId: 'u1',
      eventList: [{ eventType, sentAt: new Date(), ...extra }],
    }),
  )

describe('inspector page in Chromium', () => {
  it('adds each call to the live table without reloading', async () => {
    await page.getByText('Waiting for calls').waitFor()
    await put('s-live', 'click')
    const row = page.locator('[data-testid=request-row]').first()
    await row.getByText('PutEvents').waitFor()
    expect(await row.textContent()).toContain('s-live')
    await put('s-live', 'view')
    await page.locator('[data-testid=request-row]').nth(1).waitFor()
    expect(await page.locator('[data-testid=request-row]').count()).toBe(2)
    await page.locator('[data-testid=card-records]').getByText('2').waitFor()
  })

  it('drills into a failed request: message, violations by path, body, and headers with credentials redacted', async () => {
    await put('s1', 'click', { properties: JSON.stringify({ TIMESTAMP: 1 }) }).catch(() => undefined)
    await page.locator('[data-testid=request-row]').first().getByText('InvalidInputException').waitFor()
    await page.locator('[data-testid=request-row]').first().click()
    const drawer = page.locator('[data-testid=drawer]')
    await drawer.locator('[data-testid=violations]').waitFor()
    expect(await drawer.locator('[data-testid=violations]').textContent()).toContain(
      '/eventList/0/properties',
    )
    expect(await drawer.locator('[data-testid=drawer-message]').textContent()).toContain(
      "reserved key 'TIMESTAMP'",
    )
    expect(await drawer.locator('[data-testid=drawer-body-json]').textContent()).toContain(
      '"sessionId": "s1"',
    )
    const headers = (await drawer.locator('[data-testid=drawer-headers]').textContent()) ?? ''
    expect(headers).toContain('Signature=<redacted>')
    expect(headers).toContain('x-amz-security-token: <redacted>')
    expect(await drawer.textContent()).not.toContain('very-secret-token')
    await page.keyboard.press('Escape')
  })

  it('shows records and a per-session timeline in order', async () => {
    await put('s-a', 'view', { itemId: 'i1' })
    await put('s-b', 'view', { itemId: 'i9' })
    await put('s-a', 'click', { itemId: 'i1' })
    await page.locator('[data-testid=tab-records]').click()
    await page.locator('[data-testid=record-row]').nth(2).waitFor()
    await page.locator('[data-testid=tab-sessions]').click()
    await page.locator('[data-testid=session-item]').getByText('s-a').click()
    const entries = page.locator('[data-testid=timeline-entry]')
    await entries.nth(1).waitFor()
    expect(await entries.count()).toBe(2)
    expect(await entries.nth(0).textContent()).toMatch(/^view item i1/)
    expect(await entries.nth(1).textContent()).toMatch(/^click item i1/)
  })

  it('groups failures by error code in the errors panel', async () => {
    emulator.faults.add({ kind: 'error503', count: 2 })
    await put('s', 'a').catch(() => undefined)
    await put('s', 'a').catch(() => undefined)
    await put('s', '').catch(() => undefined)
    await page.locator('[data-testid=request-row]').nth(2).waitFor()
    await page.locator('[data-testid=tab-errors]').click()
    const groups = page.locator('[data-testid=error-group]')
    await groups.nth(1).waitFor()
    expect(await groups.nth(0).textContent()).toBe('ServiceUnavailable2')
    expect(await groups.nth(1).textContent()).toBe('InvalidInputException1')
    expect(await page.locator('[data-testid=error-row]').count()).toBe(3)
  })

  it('adds and removes fault rules from the fault editor', async () => {
    await page.locator('[data-testid=tab-faults]').click()
    await page.locator('[data-testid=fault-kind]').selectOption('throttle')
    await page.locator('[data-testid=fault-operation]').selectOption('PutEvents')
    await page.locator('[data-testid=fault-amount]').fill('1')
    await page.locator('[data-testid=fault-add]').click()
    await page.locator('[data-testid=fault-row]').waitFor()
    expect(emulator.faults.list()).toMatchObject([{ kind: 'throttle', operation: 'PutEvents', count: 1 }])
    const error = await put('s', 'a').catch((e: Error) => e)
    expect((error as Error).name).toBe('ThrottlingException')
    await page.locator('[data-testid=fault-row]').getByText('0 of 1 left').waitFor()
    await page.locator('[data-testid=fault-delete]').click()
    await page.locator('[data-testid=fault-row]').waitFor({ state: 'detached' })
    expect(emulator.faults.list()).toEqual([])
  })

  it('resets everything from the header button', async () => {
    await put('s', 'a')
    await page.locator('[data-testid=request-row]').first().waitFor()
    page.once('dialog', (d) => void d.accept())
    await page.locator('[data-testid=reset]').click()
    await page.locator('[data-testid=request-row]').first().waitFor({ state: 'detached' })
    expect(emulator.records()).toEqual([])
  })
})

describe('inspector with a record cap', () => {
  it('shows how many records --max-records evicted', async () => {
    const capped = await startEmulator({ port: 0, maxRecords: 2, quiet: true })
    const c = new PersonalizeEventsClient({
      endpoint: capped.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const p = await browser.newPage()
    try {
      await p.goto(capped.url)
      await p.locator('[data-testid=live]').getByText('live').waitFor()
      for (const s of ['a', 'b', 'c']) {
        await c.send(
          new PutEventsCommand({
            trackingId: 't',
            sessionId: s,
            eventList: [{ eventType: 'view', sentAt: new Date() }],
          }),
        )
      }
      await p.locator('[data-testid=card-evicted]').getByText('1').waitFor()
      await p.locator('[data-testid=card-records]').getByText('2').waitFor()
    } finally {
      await p.close()
      c.destroy()
      await capped.stop()
    }
  })
})
