import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache'

describe('TtlCache', () => {
  it('forgets an entry once its time to live has passed', () => {
    let now = 1000
    const cache = new TtlCache<string>(500, 10, () => now)
    cache.set('a', 'A')
    now = 1499
    expect(cache.get('a')).toBe('A')
    now = 1500
    expect(cache.get('a')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('holds at most maxEntries, dropping the entry set longest ago', () => {
    const cache = new TtlCache<number>(10_000, 2, () => 0)
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('a', 3) // re-set: now the newest
    cache.set('c', 4)
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([3, undefined, 4])
    expect(cache.size).toBe(2)
  })

  it('keeps nothing when turned off', () => {
    const off = [new TtlCache<number>(0, 10), new TtlCache<number>(1000, 0)]
    for (const cache of off) {
      cache.set('a', 1)
      expect(cache.get('a')).toBeUndefined()
    }
  })
})
