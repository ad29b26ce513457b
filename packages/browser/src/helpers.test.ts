// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEventId } from './event-id'
import { retryAfterMs } from './retry-after'
import { splitBatches } from './split-batches'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createEventId', () => {
  it('uses crypto.randomUUID', () => {
    expect(createEventId()).toMatch(UUID_V4)
  })

  it('builds a v4 UUID where randomUUID is missing (plain-http pages, older browsers)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) })
    const ids = new Set(Array.from({ length: 100 }, () => createEventId()))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(UUID_V4)
  })

  it('still works without any crypto', () => {
    vi.stubGlobal('crypto', undefined)
    expect(createEventId()).toMatch(UUID_V4)
  })
})

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('2')).toBe(2_000)
    expect(retryAfterMs('0')).toBe(0)
    expect(retryAfterMs(' 1.5 ')).toBe(1_500)
  })

  it('reads the HTTP-date form as the time left until that date, 0 once it has passed', () => {
    const now = Date.parse('Thu, 01 Jan 2026 00:00:00 GMT')
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0)
  })

  it('ignores a missing header, a negative one and anything that is neither seconds nor a date', () => {
    expect(retryAfterMs(null)).toBeUndefined()
    expect(retryAfterMs('')).toBeUndefined()
    expect(retryAfterMs('-1')).toBeUndefined()
    expect(retryAfterMs('soon')).toBeUndefined()
  })
})

describe('splitBatches', () => {
  it('splits by count and by UTF-8 bytes, keeping order', () => {
    expect(splitBatches([1, 2, 3], 2, 1_000)).toEqual([[1, 2], [3]])
    const wide = 'é'.repeat(300) // 600 bytes as UTF-8, 300 as UTF-16
    expect(splitBatches([wide, wide, wide], 10, 1_300)).toEqual([[wide, wide], [wide]])
  })

  it('lets an event larger than the budget travel alone', () => {
    expect(splitBatches(['x'.repeat(50), 'y'], 10, 20)).toEqual([['x'.repeat(50)], ['y']])
  })
})
