// One Register declaration types req.personalize and createDispatcher() (checked by src/typed-events.test.ts).
import { createDispatcher } from '@personalize-kit/core'
import { personalize } from '@personalize-kit/express'
import express from 'express'

declare module '@personalize-kit/express' {
  interface Register {
    events: {
      view: undefined
      purchase: { price: number; currency: string }
    }
  }
}

const app = express()
app.use(
  personalize({
    autoTrack: [
      { path: '/products/:id', eventType: 'view', itemId: (req) => req.params.id },
      // @ts-expect-error autoTrack rules name declared event types too
      { path: '/cart', eventType: 'cart-view' },
    ],
  }),
)
app.post('/checkout', (req, res) => {
  req.personalize.recordEvent({ eventType: 'view', itemId: 'sku-1' })
  req.personalize.recordEvent({ eventType: 'purchase', properties: { price: 10, currency: 'EUR' } })
  // @ts-expect-error an event type that was not declared
  req.personalize.recordEvent({ eventType: 'purchsae', itemId: 'sku-1' })
  // @ts-expect-error a property of the wrong type
  req.personalize.recordEvent({ eventType: 'purchase', properties: { price: '10', currency: 'EUR' } })
  // @ts-expect-error properties on an event declared without any
  req.personalize.recordEvent({ eventType: 'view', properties: { price: 1 } })
  res.end()
})

const dispatcher = createDispatcher({ trackingId: 'tid' })
dispatcher.recordEvent({ sessionId: 's-1', eventType: 'view' })
// @ts-expect-error the declaration reaches createDispatcher() without a type argument
dispatcher.recordEvent({ sessionId: 's-1', eventType: 'unknown' })
