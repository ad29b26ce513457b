import { afterEach, describe, expect, it, vi } from 'vitest'
import { PersonalizeValidationError } from '../errors'
import { EMULATOR_RESOURCES as R } from './options-from-env'
import { memoryMeterProvider, type RuntimeHarness, startRuntimeHarness } from './runtime-harness.test.helpers'

let h: RuntimeHarness
afterEach(async () => {
  await h.stop()
})

const UNKNOWN = 'arn:aws:personalize:us-east-1:000000000000:recommender/no-such-recommender'

/** Teaches the demo resources a little: items, and sessions that view tea together. */
async function seed(harness: RuntimeHarness): Promise<void> {
  const d = harness.dispatcher()
  for (const itemId of ['green-tea', 'black-tea', 'teapot', 'tent', 'stove'])
    d.putItem({ itemId, properties: { category: itemId.includes('tea') ? 'tea' : 'gear' } })
  for (let s = 0; s < 4; s++) {
    for (const itemId of ['green-tea', 'black-tea', 'teapot'])
      d.recordEvent({ sessionId: `tea-session-${s}`, eventType: 'view', itemId })
  }
  d.recordEvent({ sessionId: 'gear-session', eventType: 'view', itemId: 'tent' })
  d.recordEvent({ sessionId: 'gear-session', eventType: 'view', itemId: 'stove' })
  const report = await d.flush()
  if (report.deadLettered > 0) throw new Error(`seeding lost ${report.deadLettered} records`)
}

describe('answers from Personalize, then from the cache', () => {
  it('a first request is answered by the service through the real SDK, an identical one by the cache', async () => {
    h = await startRuntimeHarness()
    await seed(h)
    const client = h.create()
    const first = await client.getRecommendations({ recommenderArn: R.bestSellers, numResults: 3 })
    expect(first.source).toBe('personalize')
    expect(first.recommendationId).toEqual(expect.any(String))
    expect(first.items.length).toBeGreaterThan(0)
    expect(first.items.length).toBeLessThanOrEqual(3)
    const second = await client.getRecommendations({ recommenderArn: R.bestSellers, numResults: 3 })
    expect(second).toEqual({ ...first, source: 'cache' })
    expect(h.calls()).toHaveLength(1)
    expect(client.stats()).toMatchObject({ requests: 2, personalize: 1, cache: 1, calls: 1, fallback: 0 })
  })

  it('with the cache off, every request reaches the service and gets a fresh recommendationId', async () => {
    h = await startRuntimeHarness()
    await seed(h)
    const client = h.create({ cache: false })
    const a = await client.getRecommendations({ recommenderArn: R.bestSellers })
    const b = await client.getRecommendations({ recommenderArn: R.bestSellers })
    expect([a.source, b.source]).toEqual(['personalize', 'personalize'])
    expect(a.recommendationId).not.toBe(b.recommendationId)
    expect(h.calls()).toHaveLength(2)
  })

  it('clearCache() forgets earlier answers', async () => {
    h = await startRuntimeHarness()
    const client = h.create()
    await client.getRecommendations({ recommenderArn: R.bestSellers })
    client.clearCache()
    expect((await client.getRecommendations({ recommenderArn: R.bestSellers })).source).toBe('personalize')
    expect(client.stats().cacheSize).toBe(1)
  })
})

describe('anonymous visitors', () => {
  it('sends the session id as the user id, and gets the items its session co-viewed', async () => {
    h = await startRuntimeHarness()
    await seed(h)
    // The anonymous visitor views green tea under the same session the collector gives its events.
    const d = h.dispatcher()
    d.recordEvent({ sessionId: 'visitor-session-1', eventType: 'view', itemId: 'green-tea' })
    await d.flush()
    const client = h.create()
    const answer = await client.getRecommendations({
      campaignArn: R.userPersonalization,
      sessionId: 'visitor-session-1',
      numResults: 2,
    })
    expect(answer.source).toBe('personalize')
    expect(JSON.parse(h.calls()[0]!.body)).toMatchObject({ userId: 'visitor-session-1' })
    // Co-viewed with green tea in every tea session: black tea and the teapot, not the gear.
    expect(answer.items.map((item) => item.itemId).sort()).toEqual(['black-tea', 'teapot'])
  })
})

describe('coalescing', () => {
  it('identical concurrent requests share one service call', async () => {
    h = await startRuntimeHarness()
    h.emulator.faults.add({ kind: 'latency', latencyMs: 200, operation: 'GetRecommendations' })
    const client = h.create({ timeoutMs: 5000 })
    const input = { recommenderArn: R.bestSellers, numResults: 4 }
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.getRecommendations(input)))
    expect(h.calls()).toHaveLength(1)
    expect(new Set(answers.map((a) => a.recommendationId)).size).toBe(1)
    expect(answers.map((a) => a.source)).toEqual(Array(5).fill('personalize'))
    expect(client.stats()).toMatchObject({ requests: 5, coalesced: 4, calls: 1, personalize: 5 })
  })

  it('different users do not share a call or a cached list', async () => {
    h = await startRuntimeHarness()
    const client = h.create()
    const [a, b] = await Promise.all([
      client.getRecommendations({ recommenderArn: R.recommendedForYou, userId: 'u-1' }),
      client.getRecommendations({ recommenderArn: R.recommendedForYou, userId: 'u-2' }),
    ])
    expect(h.calls()).toHaveLength(2)
    expect(a.recommendationId).not.toBe(b.recommendationId)
    expect(client.stats().coalesced).toBe(0)
  })
})

describe('the fallback answers a slow or failing service', () => {
  it('after the time budget, with the fallback list; the late answer then fills the cache', async () => {
    h = await startRuntimeHarness()
    await seed(h)
    h.emulator.faults.add({
      kind: 'latency',
      latencyMs: 800,
      count: 1,
      operation: 'GetRecommendations',
    })
    const client = h.create({ timeoutMs: 50, fallback: ['teapot', 'tent', 'stove'] })
    const input = { recommenderArn: R.alsoViewed, itemId: 'tent', numResults: 2 }
    const answer = await client.getRecommendations(input)
    // The viewed item is left out of the fallback, and no recommendationId is made up.
    expect(answer).toEqual({
      items: [{ itemId: 'teapot' }, { itemId: 'stove' }],
      source: 'fallback',
      fallbackReason: 'timeout',
    })
    await vi.waitFor(() => expect(client.stats().lateAnswers).toBe(1), { timeout: 10_000 })
    const later = await client.getRecommendations(input)
    expect(later.source).toBe('cache')
    expect(later.recommendationId).toEqual(expect.any(String))
    expect(client.stats()).toMatchObject({
      requests: 2,
      fallback: 1,
      fallbackByReason: { timeout: 1, error: 0, overload: 0 },
      cache: 1,
      calls: 1,
    })
  })

  it('a call that hangs is abandoned after requestTimeoutMs without failing the page', async () => {
    h = await startRuntimeHarness()
    h.emulator.faults.add({ kind: 'hang', count: 1, operation: 'GetRecommendations' })
    const client = h.create({ timeoutMs: 30, requestTimeoutMs: 300 })
    const answer = await client.getRecommendations({ recommenderArn: R.bestSellers })
    expect(answer).toEqual({ items: [], source: 'fallback', fallbackReason: 'timeout' })
    await vi.waitFor(() => expect(client.stats()).toMatchObject({ inFlight: 0, callErrors: 1 }), {
      timeout: 10_000,
    })
    // Abandoning a slow call is what the budget is for: logged at info, not as a failure.
    expect(h.logger.lines).toMatchObject([
      { level: 'info', msg: expect.stringMatching(/abandoned after requestTimeoutMs \(300 ms\)/) },
    ])
    // The next request reaches the (healthy again) service. Its answer may miss the 30 ms budget on a loaded
    // machine, but then it lands in the cache, so a later request is answered from the service's list.
    await vi.waitFor(
      async () =>
        expect((await client.getRecommendations({ recommenderArn: R.bestSellers })).source).not.toBe(
          'fallback',
        ),
      { timeout: 10_000, interval: 100 },
    )
  })

  it.each([
    ['ResourceNotFoundException', UNKNOWN, undefined],
    ['InternalFailure', R.bestSellers, 'error500' as const],
    ['connection reset', R.bestSellers, 'reset' as const],
  ])('on %s, with a popular-items function told why', async (_what, arn, fault) => {
    h = await startRuntimeHarness()
    if (fault) h.emulator.faults.add({ kind: fault, operation: 'GetRecommendations' })
    const seen: unknown[] = []
    const client = h.create({
      fallback: async ({ reason, numResults, recommenderArn }) => {
        seen.push({ reason, numResults, recommenderArn })
        return ['popular-1', 'popular-2']
      },
    })
    const answer = await client.getRecommendations({ recommenderArn: arn, numResults: 1 })
    expect(answer).toEqual({ items: [{ itemId: 'popular-1' }], source: 'fallback', fallbackReason: 'error' })
    expect(seen).toEqual([{ reason: 'error', numResults: 1, recommenderArn: arn }])
    expect(client.stats()).toMatchObject({ callErrors: 1, fallbackByReason: { error: 1 } })
    // Failures are not cached: the next request tries the service again.
    await client.getRecommendations({ recommenderArn: arn, numResults: 1 })
    expect(h.calls()).toHaveLength(2)
    // A broken resource is logged once, not on every page.
    expect(h.logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1)
    expect(h.logger.lines[0]!.msg).toMatch(/^\[@personalize-kit\/core\] GetRecommendations failed/)
  })

  it('beyond maxInFlight distinct calls, the fallback answers at once (overload)', async () => {
    h = await startRuntimeHarness()
    h.emulator.faults.add({ kind: 'hang', operation: 'GetRecommendations' })
    const client = h.create({ maxInFlight: 1, timeoutMs: 100, requestTimeoutMs: 60_000 })
    const first = client.getRecommendations({ recommenderArn: R.recommendedForYou, userId: 'u-1' })
    const second = await client.getRecommendations({ recommenderArn: R.recommendedForYou, userId: 'u-2' })
    expect(second).toMatchObject({ source: 'fallback', fallbackReason: 'overload' })
    expect((await first).fallbackReason).toBe('timeout')
    expect(h.calls()).toHaveLength(1)
    client.destroy()
    await vi.waitFor(() => expect(client.stats().inFlight).toBe(0))
  })

  it('a fallback function that throws gives an empty list, logged, and the page still renders', async () => {
    h = await startRuntimeHarness()
    const client = h.create({
      fallback: () => {
        throw new Error('database down')
      },
    })
    const answer = await client.getRecommendations({ recommenderArn: UNKNOWN })
    expect(answer).toEqual({ items: [], source: 'fallback', fallbackReason: 'error' })
    expect(h.logger.lines.some((line) => /the recommendation fallback failed/.test(line.msg ?? ''))).toBe(
      true,
    )
  })
})

describe('personalized ranking', () => {
  it('orders inputList through the service, and keeps the given order when the service fails', async () => {
    h = await startRuntimeHarness()
    await seed(h)
    const client = h.create()
    const inputList = ['stove', 'green-tea', 'unknown-item', 'black-tea']
    const ranked = await client.getPersonalizedRanking({
      campaignArn: R.ranking,
      userId: 'tea-session-0',
      inputList,
    })
    expect(ranked.source).toBe('personalize')
    expect(ranked.recommendationId).toEqual(expect.any(String))
    expect(ranked.items.map((item) => item.itemId).sort()).toEqual([...inputList].sort())
    // Items unknown to the model go last.
    expect(ranked.items.at(-1)!.itemId).toBe('unknown-item')
    expect(h.calls('GetPersonalizedRanking')).toHaveLength(1)

    h.emulator.faults.add({ kind: 'error503', operation: 'GetPersonalizedRanking' })
    const failing = await client.getPersonalizedRanking({ campaignArn: R.ranking, userId: 'u-9', inputList })
    expect(failing).toEqual({
      items: inputList.map((itemId) => ({ itemId })),
      source: 'fallback',
      fallbackReason: 'error',
    })
  })
})

describe('validation', () => {
  it('rejects input that breaks a limit before any call, naming the field and the limit', async () => {
    h = await startRuntimeHarness()
    const client = h.create()
    const rejected = client.getRecommendations({ recommenderArn: R.bestSellers, numResults: 501 })
    await expect(rejected).rejects.toBeInstanceOf(PersonalizeValidationError)
    await expect(rejected).rejects.toThrow('numResults must be an integer 0..500, got 501')
    expect(h.calls()).toHaveLength(0)
    expect(client.stats()).toMatchObject({ requests: 1, invalid: 1, calls: 0 })
  })

  it('refuses bad options at creation', async () => {
    h = await startRuntimeHarness()
    expect(() => h.create({ timeoutMs: 0, cache: { ttlMs: -1 }, fallback: 'sku-1' as never })).toThrow(
      /timeoutMs must be a number ≥ 1, got 0; cache\.ttlMs must be a number ≥ 0, got -1; fallback must be an array/,
    )
  })
})

describe('observability', () => {
  it('counts answers by source, fallbacks by reason, coalesced requests, calls, in-flight and cache size', async () => {
    h = await startRuntimeHarness()
    const m = memoryMeterProvider()
    const client = h.create({ meterProvider: m.provider })
    await Promise.all([
      client.getRecommendations({ recommenderArn: R.bestSellers }),
      client.getRecommendations({ recommenderArn: R.bestSellers }),
    ])
    await client.getRecommendations({ recommenderArn: R.bestSellers })
    await client.getRecommendations({ recommenderArn: UNKNOWN })
    await expect(client.getRecommendations({ recommenderArn: 'nope' })).rejects.toThrow()
    const requests = 'personalize_kit.recommendations.requests'
    expect(m.sum(requests, { operation: 'GetRecommendations', source: 'personalize' })).toBe(2)
    expect(m.sum(requests, { source: 'cache' })).toBe(1)
    expect(m.sum(requests, { source: 'fallback' })).toBe(1)
    expect(m.sum('personalize_kit.recommendations.fallbacks', { reason: 'error' })).toBe(1)
    expect(m.sum('personalize_kit.recommendations.coalesced')).toBe(1)
    expect(m.sum('personalize_kit.recommendations.invalid')).toBe(1)
    expect(m.count('personalize_kit.recommendations.call.duration', { outcome: 'success' })).toBe(1)
    expect(m.count('personalize_kit.recommendations.call.duration', { outcome: 'error' })).toBe(1)
    expect(m.count('personalize_kit.recommendations.duration')).toBe(4)
    m.collect()
    expect(m.sum('personalize_kit.recommendations.cache.size')).toBe(1)
    expect(m.sum('personalize_kit.recommendations.in_flight')).toBe(0)
  })
})
