import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { balanced, type Harness, ITEMS_ARN, startHarness, USERS_ARN } from './harness.test.helpers'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.stop()
})

describe('grouping and batching', () => {
  it('sends the optimal number of calls: the sum over groups of ceil(n / 10)', async () => {
    const d = h.create()
    for (let i = 0; i < 25; i++)
      d.recordEvent({ sessionId: 's-a', userId: 'u-a', eventType: 'view', itemId: `i${i}` })
    for (let i = 0; i < 3; i++) d.recordEvent({ sessionId: 's-b', userId: 'u-b', eventType: 'view' })
    // Same session, no userId: a different request-level triple, so a different call.
    for (let i = 0; i < 7; i++) d.recordEvent({ sessionId: 's-a', eventType: 'view' })
    for (let i = 0; i < 4; i++) d.recordEvent({ sessionId: 's-c', eventType: 'view', trackingId: 'tid-2' })
    for (let i = 0; i < 12; i++) d.putItem({ itemId: `item-${i}`, properties: { genres: 'a|b' } })
    d.putUser({ userId: 'u-1' })
    for (let i = 0; i < 11; i++)
      d.recordActionInteraction({ actionId: `a${i}`, sessionId: `s${i}`, eventType: 'Taken' })

    const report = await d.flush()

    expect(report).toEqual({ delivered: 63, deadLettered: 0, deadLetteredByReason: {}, pending: 0 })
    expect(h.calls('PutEvents')).toHaveLength(3 + 1 + 1 + 1)
    expect(h.calls('PutItems')).toHaveLength(2)
    expect(h.calls('PutUsers')).toHaveLength(1)
    expect(h.calls('PutActionInteractions')).toHaveLength(2)
    expect(h.calls().every((r) => r.status === 200 && r.recordCount <= 10)).toBe(true)
    expect(d.stats()).toMatchObject({ accepted: 63, delivered: 63, calls: 11, queued: 0, inFlight: 0 })
    expect(balanced(d)).toBe(true)
  })

  it('never mixes sessions, users or trackers in one PutEvents call', async () => {
    const d = h.create()
    const triples = [
      ['tid', 's1', 'u1'],
      ['tid', 's1', undefined],
      ['tid', 's2', 'u1'],
      ['tid-2', 's1', 'u1'],
    ] as const
    for (let round = 0; round < 13; round++) {
      for (const [trackingId, sessionId, userId] of triples) {
        d.recordEvent({ trackingId, sessionId, userId, eventType: 'click', itemId: `r${round}` })
      }
    }
    await d.flush()
    const stored = h.emulator.records({ operation: 'PutEvents' })
    expect(stored).toHaveLength(52)
    const byRequest = new Map<string, Set<string>>()
    for (const record of stored) {
      const key = `${record.trackingId}|${record.sessionId}|${record.userId ?? '-'}`
      byRequest.set(record.requestId, (byRequest.get(record.requestId) ?? new Set()).add(key))
    }
    for (const keys of byRequest.values()) expect(keys.size).toBe(1)
    expect(h.calls('PutEvents')).toHaveLength(4 * 2)
  })

  it('sends a group as soon as it holds 10 records, without waiting for the interval', async () => {
    const d = h.create({ flushIntervalMs: 3_600_000 })
    for (let i = 0; i < 10; i++) d.recordEvent({ sessionId: 's', eventType: 'view' })
    const stored = await h.emulator.waitFor((records) => records.length === 10)
    expect(new Set(stored.map((r) => r.requestId)).size).toBe(1)
  })

  it('puts each record on the wire as the API expects (epoch seconds, JSON-string properties, generated eventId)', async () => {
    const d = h.create()
    const sentAt = new Date('2026-01-02T03:04:05.678Z')
    const { eventId } = d.recordEvent({
      sessionId: 's',
      userId: 'u',
      eventType: 'purchase',
      itemId: 'sku',
      eventValue: 12.5,
      properties: { numberOfRatings: '12' },
      sentAt,
      recommendationId: 'rec-1',
      impression: ['sku', 'other'],
      metricAttribution: { eventAttributionSource: 'email' },
    })
    d.recordEvent({
      sessionId: 's',
      userId: 'u',
      eventType: 'view',
      sentAt: sentAt.getTime(),
      properties: '{"a":1}',
    })
    d.putItem({ itemId: 'sku', properties: '{"genres":"x|y"}' })
    d.putUser({ userId: 'u', properties: { tier: 'gold' }, datasetArn: USERS_ARN })
    d.putAction({ actionId: 'act' })
    d.recordActionInteraction({
      actionId: 'act',
      sessionId: 's',
      userId: 'u',
      eventType: 'Taken',
      timestamp: sentAt,
    })
    await d.flush()

    expect(eventId).toMatch(/^[0-9a-f-]{36}$/)
    const events = h.emulator.records({ operation: 'PutEvents' })
    expect(events[0]).toMatchObject({ trackingId: 'tid', sessionId: 's', userId: 'u', eventId })
    expect(events[0]!.data).toEqual({
      eventType: 'purchase',
      sentAt: 1767323045.678,
      eventId,
      eventValue: 12.5,
      itemId: 'sku',
      properties: '{"numberOfRatings":"12"}',
      recommendationId: 'rec-1',
      impression: ['sku', 'other'],
      metricAttribution: { eventAttributionSource: 'email' },
    })
    expect(events[1]!.data).toMatchObject({ sentAt: 1767323045.678, properties: '{"a":1}' })
    expect(events[1]!.data.eventId).toMatch(/^[0-9a-f-]{36}$/)
    expect(h.emulator.records({ operation: 'PutItems' })[0]).toMatchObject({
      datasetArn: ITEMS_ARN,
      data: { itemId: 'sku', properties: '{"genres":"x|y"}' },
    })
    expect(h.emulator.records({ operation: 'PutUsers' })[0]!.data).toEqual({
      userId: 'u',
      properties: '{"tier":"gold"}',
    })
    expect(h.emulator.records({ operation: 'PutActions' })[0]!.data).toEqual({ actionId: 'act' })
    expect(h.emulator.records({ operation: 'PutActionInteractions' })[0]).toMatchObject({
      trackingId: 'tid-actions',
      data: { actionId: 'act', sessionId: 's', userId: 'u', eventType: 'Taken', timestamp: 1767323045.678 },
    })
    // The dispatcher owns retries: the SDK is asked for exactly one attempt per call.
    expect(h.calls().every((r) => r.attempt === 'attempt=1; max=1')).toBe(true)
  })
})
