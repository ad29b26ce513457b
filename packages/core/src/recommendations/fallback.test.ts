import { describe, expect, it } from 'vitest'
import { fallbackItems } from './fallback'
import type { FallbackContext } from './types'

const context: FallbackContext = { operation: 'GetRecommendations', reason: 'timeout', numResults: 3 }

describe('fallbackItems', () => {
  it('cuts a static list to numResults, leaves out the item being viewed and duplicates', async () => {
    const list = ['a', 'b', { itemId: 'a' }, 'viewed', { itemId: 'c', reason: ['Popular item'] }, 'd']
    expect(await fallbackItems(list, { ...context, itemId: 'viewed' })).toEqual({
      items: [{ itemId: 'a' }, { itemId: 'b' }, { itemId: 'c', reason: ['Popular item'] }],
    })
  })

  it('calls a function with the request and the reason', async () => {
    const seen: FallbackContext[] = []
    const result = await fallbackItems(
      async (c) => {
        seen.push(c)
        return ['x']
      },
      { ...context, reason: 'error', userId: 'u-1' },
    )
    expect(result).toEqual({ items: [{ itemId: 'x' }] })
    expect(seen).toEqual([{ ...context, reason: 'error', userId: 'u-1' }])
  })

  it('answers no items, with the problem, when the function throws or returns no list', async () => {
    const boom = new Error('db down')
    expect(await fallbackItems(() => Promise.reject(boom), context)).toEqual({ items: [], problem: boom })
    const odd = await fallbackItems(() => 'a,b' as never, context)
    expect(odd.items).toEqual([])
    expect(String(odd.problem)).toMatch(/returned string, not an array/)
    expect(await fallbackItems(undefined, context)).toEqual({ items: [] })
  })
})
