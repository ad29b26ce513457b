import { launchChromium } from '@personalize-kit/test-utils/chromium'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ShopServer, startShop } from './shop-server'

let shop: ShopServer
let browser: Browser

beforeAll(async () => {
  const launching = launchChromium()
  try {
    // One record fits in the dispatcher's queue, and PutEvents never answers: once the product page's view is
    // held, every later server-side record is refused with PersonalizeQueueFullError.
    shop = await startShop({ env: { SHOP_MAX_QUEUE_SIZE: '1' } })
    shop.emulator.faults.add({ kind: 'hang', operation: 'PutEvents' })
  } finally {
    browser = await launching
  }
})
afterAll(async () => {
  await browser?.close()
  await shop?.stop()
})

describe('when recording fails', () => {
  it('still adds to the cart and places the order, and logs each refused record', async () => {
    const context = await browser.newContext({ baseURL: shop.url })
    const page = await context.newPage()
    await page.goto('/products/hand-grinder')
    await page.getByTestId('add-to-cart').click()
    await page.waitForURL('**/cart')
    await page.getByTestId('checkout').click()
    await page.getByTestId('order-confirmation').waitFor()

    expect(await page.getByTestId('order-id').textContent()).toMatch(/^[0-9a-f]{8}$/)
    expect(shop.output()).toMatch(/\[next-shop\] could not record a purchase event; carrying on/)
    expect(shop.output()).not.toMatch(/⨯|Internal Server Error/)
    await context.close()
  })
})
