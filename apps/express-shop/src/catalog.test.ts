import { describe, expect, it } from 'vitest'
import { demoCatalog } from './catalog'

describe('demo catalog', () => {
  it('has six categories of ten products, so rows that follow a taste stand out from random ones', () => {
    const catalog = demoCatalog()
    const perCategory = new Map<string, number>()
    for (const product of catalog)
      perCategory.set(product.category, (perCategory.get(product.category) ?? 0) + 1)
    expect(Object.fromEntries(perCategory)).toEqual({
      coffee: 10,
      gear: 10,
      cups: 10,
      tea: 10,
      chocolate: 10,
      syrups: 10,
    })
    expect(new Set(catalog.map((product) => product.id)).size).toBe(catalog.length)
  })
})
