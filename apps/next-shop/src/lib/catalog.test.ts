import { describe, expect, it } from 'vitest'
import { catalogItems, findProduct, formatPrice, products } from './catalog'
import { userIdFromCookieHeader } from './users'

describe('catalog', () => {
  it('sends every product as an item with its category and price', () => {
    const items = catalogItems()
    expect(items.map((item) => item.itemId)).toEqual(products.map((product) => product.id))
    expect(items[0]).toEqual({ itemId: 'espresso-beans', properties: { category: 'coffee', price: 14.5 } })
  })

  it('has six categories of ten products, so rows that follow a taste stand out from random ones', () => {
    const perCategory = new Map<string, number>()
    for (const product of products)
      perCategory.set(product.category, (perCategory.get(product.category) ?? 0) + 1)
    expect(Object.fromEntries(perCategory)).toEqual({
      coffee: 10,
      tea: 10,
      gear: 10,
      cups: 10,
      chocolate: 10,
      syrups: 10,
    })
    expect(new Set(products.map((product) => product.id)).size).toBe(products.length)
  })

  it('formats cents as dollars and finds products by id', () => {
    expect(formatPrice(1450)).toBe('$14.50')
    expect(findProduct('earl-grey')?.name).toBe('Earl Grey')
    expect(findProduct('nope')).toBeUndefined()
  })
})

describe('userIdFromCookieHeader', () => {
  it('reads the signed-in user from the Cookie header the collector sees', () => {
    expect(userIdFromCookieHeader('pk_sid=abc; shop_user=user-alice; x=1')).toBe('user-alice')
    expect(userIdFromCookieHeader('pk_sid=abc')).toBeUndefined()
    expect(userIdFromCookieHeader(null)).toBeUndefined()
  })
})
