import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { PersonalizeValidationError } from '../errors'
import type { Dispatcher, DispatcherOptions } from '../types'
import { type Harness, startHarness } from './harness.test.helpers'
import { setLongTimeout, validateTimeoutMs } from './long-timeout'

let h: Harness
afterEach(async () => {
  await h?.stop()
})

const ABOVE_TIMER_RANGE = 2 ** 31 // Node clamps this to 1 ms

describe('Infinity means no deadline', () => {
  for (const timeoutMs of [Number.POSITIVE_INFINITY, ABOVE_TIMER_RANGE]) {
    it(`close({ timeoutMs: ${timeoutMs} }) waits for a slow call instead of dead-lettering after 1 ms`, async () => {
      h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 300, count: 1 }] })
      const d = h.create()
      d.recordEvent({ sessionId: 's', eventType: 'view' })
      expect(await d.close({ timeoutMs })).toMatchObject({ delivered: 1, deadLettered: 0 })
      expect(h.emulator.records()).toHaveLength(1)
    })

    it(`flush({ timeoutMs: ${timeoutMs} }) waits for a slow call instead of giving up after 1 ms`, async () => {
      h = await startHarness({ faults: [{ kind: 'latency', latencyMs: 300, count: 1 }] })
      const d = h.create()
      d.recordEvent({ sessionId: 's', eventType: 'view' })
      expect(await d.flush({ timeoutMs })).toMatchObject({ delivered: 1, pending: 0 })
    })
  }
})

describe('bad deadlines are refused at the call, naming the option', () => {
  for (const bad of [Number.NaN, -1, '5', null]) {
    it(`flush() and close() refuse timeoutMs ${String(bad)}`, async () => {
      h = await startHarness()
      const d: Dispatcher = h.create()
      d.recordEvent({ sessionId: 's', eventType: 'view' })
      const options = { timeoutMs: bad } as unknown as { timeoutMs: number }
      expect(() => d.flush(options)).toThrow(PersonalizeValidationError)
      expect(() => d.flush(options)).toThrow(/flush\(\) timeoutMs must be a number of milliseconds ≥ 0/)
      expect(() => d.close(options)).toThrow(/close\(\) timeoutMs must be a number of milliseconds ≥ 0/)
      // Nothing was lost or closed by the refused calls.
      expect(d.closed).toBe(false)
      expect(await d.close()).toMatchObject({ delivered: 1 })
    })
  }
})

describe('numeric options are validated at creation, naming the field and the range', () => {
  const cases: [DispatcherOptions, RegExp][] = [
    [
      { flushIntervalMs: Number.POSITIVE_INFINITY },
      /flushIntervalMs must be a number from 0 to 2147483647, got Infinity/,
    ],
    [{ flushIntervalMs: ABOVE_TIMER_RANGE }, /flushIntervalMs must be a number from 0 to 2147483647/],
    [{ requestTimeoutMs: ABOVE_TIMER_RANGE }, /requestTimeoutMs must be a number from 1 to 2147483647/],
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs must be a number from 1 to 2147483647, got 0/],
    [{ maxQueueSize: 10.5 }, /maxQueueSize must be a whole number ≥ 1 or Infinity, got 10\.5/],
    [{ concurrency: Number.NaN }, /concurrency must be a whole number ≥ 1 or Infinity, got NaN/],
    [{ rateLimits: { events: 0 } }, /rateLimits\.events must be a number ≥ 1 or Infinity, got 0/],
    [{ retry: { maxAttempts: 2.5 } }, /retry\.maxAttempts must be a whole number ≥ 1 or Infinity/],
    [
      { retry: { maxDelayMs: Number.POSITIVE_INFINITY } },
      /retry\.maxDelayMs must be a number from 0 to 2147483647/,
    ],
    [{ retry: { baseDelayMs: -5 } }, /retry\.baseDelayMs must be a number from 0 to 2147483647, got -5/],
    [{ flushIntervalMs: '500' as unknown as number }, /flushIntervalMs .* got the string '500'/],
  ]
  for (const [options, message] of cases) {
    it(inspect(options), async () => {
      h = await startHarness()
      expect(() => h.create(options)).toThrow(PersonalizeValidationError)
      expect(() => h.create(options)).toThrow(message)
    })
  }

  it('accepts Infinity where it means "no limit"', async () => {
    h = await startHarness()
    const d = h.create({
      maxQueueSize: Number.POSITIVE_INFINITY,
      rateLimits: { events: Number.POSITIVE_INFINITY },
    })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await d.close()).toMatchObject({ delivered: 1 })
  })
})

describe('the exported helpers', () => {
  it('validateTimeoutMs passes undefined, Infinity and large values, and names the option otherwise', () => {
    expect(validateTimeoutMs(undefined, 'x')).toBeUndefined()
    expect(validateTimeoutMs(Number.POSITIVE_INFINITY, 'x')).toBe(Number.POSITIVE_INFINITY)
    expect(validateTimeoutMs(ABOVE_TIMER_RANGE, 'x')).toBe(ABOVE_TIMER_RANGE)
    expect(() => validateTimeoutMs(-1, 'handleShutdown() timeoutMs')).toThrow(/handleShutdown\(\) timeoutMs/)
  })

  it('setLongTimeout never fires for Infinity or past the timer range, and fires on time below it', async () => {
    h = await startHarness()
    let fired = ''
    const cancels = [
      setLongTimeout(() => (fired += 'inf'), Number.POSITIVE_INFINITY),
      setLongTimeout(() => (fired += 'long'), ABOVE_TIMER_RANGE, { unref: true }),
    ]
    await new Promise<void>((resolve) => setLongTimeout(resolve, 50))
    expect(fired).toBe('')
    for (const cancel of cancels) cancel()
  })
})
