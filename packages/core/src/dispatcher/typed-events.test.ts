import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import type { Dispatcher, EventInput, TypedDispatcher } from '../types'
import { createDispatcher } from './create-dispatcher'
import { type Harness, startHarness } from './harness.test.helpers'

type ShopEvents = {
  view: undefined
  purchase: { price: number; currency: string }
}

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('typed events', () => {
  it('accepts declared events and refuses unknown types and wrong properties at compile time', async () => {
    h = await startHarness()
    const shop = createDispatcher<ShopEvents>({ trackingId: 'tid', clientConfig: h.clientConfig })
    shop.recordEvent({ sessionId: 's', eventType: 'view' })
    shop.recordEvent({ sessionId: 's', eventType: 'purchase', properties: { price: 10, currency: 'EUR' } })
    // @ts-expect-error an eventType that was not declared
    shop.recordEvent({ sessionId: 's', eventType: 'purchsae' })
    // @ts-expect-error a property of the wrong type
    shop.recordEvent({ sessionId: 's', eventType: 'purchase', properties: { price: '10', currency: 'EUR' } })
    // @ts-expect-error properties on an event declared without any
    shop.recordEvent({ sessionId: 's', eventType: 'view', properties: { price: 1 } })
    // The type checks above are compile-time only: every record is still validated at run time.
    await shop.close()
    expect(h.emulator.records().map((r) => r.eventType)).toEqual([
      'view',
      'purchase',
      'purchsae',
      'purchase',
      'view',
    ])
  })

  it('leaves untyped use as it was, and a typed dispatcher fits where an untyped one is expected', () => {
    expectTypeOf<Parameters<Dispatcher['recordEvent']>[0]>().toEqualTypeOf<EventInput>()
    const untypedCall = () => createDispatcher({}) // never called: only its type is checked
    expectTypeOf(untypedCall).returns.toEqualTypeOf<Dispatcher>()
    const typed = {} as TypedDispatcher<ShopEvents>
    const untyped: Dispatcher = typed
    expect(untyped).toBe(typed)
  })
})
