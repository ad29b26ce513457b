import { createDispatcher, type Dispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createShopApp, type ShopApp } from './create-shop-app'

let emulator: Emulator
let dispatcher: Dispatcher
let shop: ShopApp

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
  const env = { PERSONALIZE_ENDPOINT: emulator.url, PERSONALIZE_RECOMMENDATIONS_TIMEOUT_MS: '5000' }
  dispatcher = createDispatcher({ ...dispatcherOptionsFromEnv(env), flushIntervalMs: 50 })
  shop = createShopApp({ dispatcher, env, secret: 'test-secret' })
})
afterAll(async () => {
  await shop.personalize.close()
  await emulator.stop()
})

const recommendationIdIn = (page: string, list: string): string | undefined =>
  new RegExp(`data-pk-list="${list}" data-pk-recommendation-id="([^"]+)"`).exec(page)?.[1]

describe('express-shop recommendations', () => {
  it('product pages show what viewers of the product also viewed, live from the emulator, attributable', async () => {
    // Three visitors view the grinder and then the espresso beans.
    for (let i = 0; i < 3; i++) {
      const visitor = request.agent(shop.app)
      await visitor.get('/products/sku-grinder').expect(200)
      await visitor.get('/products/sku-espresso').expect(200)
    }
    await dispatcher.flush()

    const agent = request.agent(shop.app)
    const page = (await agent.get('/products/sku-grinder').set('host', 'shop.test').expect(200)).text
    const recommendationId = recommendationIdIn(page, 'also-viewed-sku-grinder')
    expect(recommendationId).toMatch(/^RID-/)
    const listed = page.slice(page.indexOf('data-pk-list="also-viewed-sku-grinder"'))
    expect(listed.indexOf('data-pk-item="sku-espresso"')).toBeGreaterThan(0)

    // A click on it, as the browser tracker sends it, reaches Personalize with the recommendation's id.
    await agent
      .post('/api/personalize/events')
      .set('host', 'shop.test')
      .set('origin', 'http://shop.test')
      .send({ events: [{ eventType: 'click', itemId: 'sku-espresso', recommendationId }] })
      .expect(202)
    await dispatcher.flush()
    const click = emulator.records({ operation: 'PutEvents' }).find((r) => r.eventType === 'click')
    expect(click?.data).toMatchObject({ recommendationId })
    const attribution = emulator.attribution()
    expect(attribution.unknownRecommendationIds).toEqual([])
    expect(attribution.resources.find((r) => r.arn.endsWith('/demo-also-viewed'))).toMatchObject({
      clicks: 1,
      mismatchedClicks: 0,
    })
  })

  it('the cart shows what was frequently bought with its newest line, not what is in it', async () => {
    // Shoppers who bought the kettle bought the dripper with it; others only looked at the kettle and the beans.
    for (let i = 0; i < 3; i++) {
      const buyer = request.agent(shop.app)
      await buyer.post('/cart').type('form').send({ itemId: 'sku-kettle', quantity: '1' }).expect(303)
      await buyer.post('/cart').type('form').send({ itemId: 'sku-dripper', quantity: '1' }).expect(303)
      await buyer.post('/checkout').type('form').send({}).expect(303)
    }
    for (let i = 0; i < 5; i++) {
      const visitor = request.agent(shop.app)
      await visitor.get('/products/sku-kettle').expect(200)
      await visitor.get('/products/sku-espresso').expect(200)
    }
    await dispatcher.flush()

    const agent = request.agent(shop.app)
    expect((await agent.get('/cart').expect(200)).text).not.toContain('data-pk-list="cart-related"')
    await agent.post('/cart').type('form').send({ itemId: 'sku-scale', quantity: '1' }).expect(303)
    await agent.post('/cart').type('form').send({ itemId: 'sku-kettle', quantity: '1' }).expect(303)
    await dispatcher.flush()
    const cart = (await agent.get('/cart').expect(200)).text
    expect(cart).toContain('Frequently bought together')
    expect(recommendationIdIn(cart, 'cart-related')).toMatch(/^RID-/)
    const row = cart.slice(cart.indexOf('data-pk-list="cart-related"'))
    // The dripper comes first, with Personalize's reason; the co-viewed beans are no reason to buy together.
    expect(/data-pk-item="([^"]+)"/.exec(row)?.[1]).toBe('sku-dripper')
    expect(row).toContain('Frequently bought with sku-kettle')
    expect(row).not.toContain('also viewed')
    // Items already in the cart are not offered again.
    expect(row).not.toContain('data-pk-item="sku-kettle"')
    expect(row).not.toContain('data-pk-item="sku-scale"')
    const fbt = emulator
      .attribution()
      .resources.find((r) => r.arn.endsWith('/demo-frequently-bought-together'))
    expect(fbt?.recommendations).toBeGreaterThanOrEqual(1)
  })

  it('the home page shows recommended for you with its recommendation id', async () => {
    const home = (await request(shop.app).get('/').expect(200)).text
    expect(home).toContain('Recommended for you')
    expect(recommendationIdIn(home, 'recommended-for-you')).toMatch(/^RID-/)
    expect(shop.personalize.recommendations.stats().fallback).toBe(0)
  })
})
