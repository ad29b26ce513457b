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
  dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 50,
  })
  shop = createShopApp({ dispatcher, env: { PERSONALIZE_ENDPOINT: emulator.url }, secret: 'test-secret' })
})
afterAll(async () => {
  await shop.personalize.close()
  await emulator.stop()
})

describe('express-shop', () => {
  it('sends the catalog with putItem at startup', async () => {
    await dispatcher.flush()
    const items = emulator.records({ operation: 'PutItems' })
    expect(items.map((r) => r.itemId)).toContain('sku-espresso')
    expect(items).toHaveLength(shop.state.products.size)
  })

  it('records views, sign-up, cart and purchase for one visitor, and collects browser clicks', async () => {
    const agent = request.agent(shop.app)
    const home = await agent.get('/').set('host', 'shop.test').expect(200)
    expect(home.text).toContain('data-pk-list="catalog-coffee"')
    const sid = /pk_sid=([0-9a-f]{32})/.exec(String(home.headers['set-cookie']))?.[1] as string
    expect(sid).toBeDefined()

    await agent.get('/products/sku-grinder').expect(200)
    await agent.get('/products/no-such-product').expect(404)

    const signup = await agent
      .post('/signup')
      .type('form')
      .send({ name: 'Carol', email: 'carol@example.com' })
    expect(signup.status).toBe(303)
    const user = [...shop.state.users.values()].find((u) => u.name === 'Carol')
    expect(user).toBeDefined()
    expect((await agent.get('/')).text).toContain('Hi, Carol')

    await agent.post('/cart').type('form').send({ itemId: 'sku-grinder', quantity: '2' }).expect(303)
    const checkout = await agent.post('/checkout').expect(303)
    expect(checkout.headers.location).toMatch(/^\/orders\/order-/)
    expect((await agent.get(checkout.headers.location as string)).text).toContain('Thank you for your order')

    const collected = await agent
      .post('/api/personalize/events')
      .set('host', 'shop.test')
      .set('origin', 'http://shop.test')
      .send({
        events: [
          {
            eventType: 'click',
            itemId: 'sku-kettle',
            impression: ['sku-kettle', 'sku-scale'],
            userId: 'forged',
          },
          { eventType: 'purchase', itemId: 'sku-kettle' },
        ],
      })
    expect(collected.status).toBe(202)
    expect(collected.body.accepted).toHaveLength(1)
    expect(collected.body.rejected[0].issues[0].message).toContain('eventType "purchase" is not allowed')

    await dispatcher.flush()
    const events = emulator.records({ operation: 'PutEvents', sessionId: sid })
    expect(events.map((e) => [e.eventType, e.itemId, e.userId])).toEqual([
      ['view', 'sku-grinder', undefined],
      ['sign-up', undefined, user?.id],
      ['add-to-cart', 'sku-grinder', user?.id],
      ['purchase', 'sku-grinder', user?.id],
      ['click', 'sku-kettle', user?.id],
    ])
    expect(events[3]?.data.eventValue).toBe(118)
    expect(emulator.records({ operation: 'PutUsers', userId: user?.id })).toHaveLength(1)
  })

  it('signs in a demo user and attributes later events to them', async () => {
    const agent = request.agent(shop.app)
    await agent.post('/signin').type('form').send({ userId: 'user-bob' }).expect(303)
    await agent.get('/products/sku-tea').expect(200)
    await dispatcher.flush()
    const views = emulator.records({ operation: 'PutEvents', userId: 'user-bob', eventType: 'view' })
    expect(views.map((v) => v.itemId)).toEqual(['sku-tea'])
  })

  it('ignores a forged sign-in cookie', async () => {
    const response = await request(shop.app).get('/').set('cookie', 'shop_uid=user-alice.forged')
    expect(response.text).not.toContain('Hi, Alice')
  })
})
