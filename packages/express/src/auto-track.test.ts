import { describe, expect, it } from 'vitest'
import { compileRules } from './auto-track'

const match = (path: string | RegExp, url: string) =>
  compileRules([{ path, eventType: 'view' }])[0]?.match(url)

describe('autoTrack path patterns', () => {
  it('captures :params one segment each, decoded, ignoring case and a trailing slash', () => {
    expect(match('/products/:id', '/products/sku%2F1')).toEqual({ id: 'sku/1' })
    expect(match('/Products/:id', '/products/a/')).toEqual({ id: 'a' })
    expect(match('/shops/:shop/items/:item', '/shops/s1/items/i2')).toEqual({ shop: 's1', item: 'i2' })
  })

  it('does not match other lengths or literals', () => {
    expect(match('/products/:id', '/products')).toBeUndefined()
    expect(match('/products/:id', '/products/a/reviews')).toBeUndefined()
    expect(match('/products/:id', '/basket/a')).toBeUndefined()
  })

  it('supports a trailing * and RegExps with named groups', () => {
    expect(match('/docs/*', '/docs/a/b')).toEqual({ '*': 'a/b' })
    expect(match(/^\/p-(?<id>\d+)$/, '/p-42')).toEqual({ id: '42' })
    expect(match(/^\/p-(?<id>\d+)$/, '/p-x')).toBeUndefined()
  })

  it('defaults the method to GET', () => {
    expect(compileRules([{ path: '/', eventType: 'view' }])[0]?.method).toBe('GET')
    expect(compileRules([{ path: '/', eventType: 'view', method: 'post' }])[0]?.method).toBe('POST')
  })
})
