import { afterEach, describe, expect, it } from 'vitest'
import {
  balanced,
  type Harness,
  ITEMS_ARN,
  poisonous,
  silentLogger,
  startHarness,
} from './harness.test.helpers'

let h: Harness
afterEach(async () => {
  await h.stop()
})

describe('transient faults are retried until delivered', () => {
  it.each([
    ['throttle' as const, 'ThrottlingException'],
    ['error500' as const, 'InternalFailure'],
    ['error503' as const, 'ServiceUnavailable'],
    ['reset' as const, 'connection reset'],
    ['malformed' as const, '502 with an HTML body'],
  ])('%s (%s)', async (kind, _description) => {
    h = await startHarness({ faults: [{ kind, count: 3 }] })
    const d = h.create()
    const ids = [1, 2, 3].map(
      (i) => d.recordEvent({ sessionId: 's', eventType: 'view', itemId: `i${i}` }).eventId,
    )
    const report = await d.flush()
    expect(report).toMatchObject({ delivered: 3, deadLettered: 0 })
    const stored = h.emulator.records({ operation: 'PutEvents' })
    // The same eventIds travel with every attempt, so a retry can never double-count.
    expect(stored.map((r) => r.eventId)).toEqual(ids)
    expect(stored.some((r) => r.duplicateEventId)).toBe(false)
    expect(d.stats()).toMatchObject({ delivered: 3, retried: 9, calls: 4, deadLettered: 0 })
    expect(h.deadLetters).toEqual([])
  })

  it('a call that hangs is timed out and retried', async () => {
    h = await startHarness({ faults: [{ kind: 'hang', count: 1 }] })
    const d = h.create({ requestTimeoutMs: 1000 })
    const { eventId } = d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 1, deadLettered: 0 })
    expect(h.emulator.records().map((r) => r.eventId)).toEqual([eventId])
    expect(d.stats().retried).toBeGreaterThanOrEqual(1)
  })

  it('ResourceInUseException is transient: retried, then dead-lettered only when attempts run out', async () => {
    h = await startHarness({ resources: { datasets: [{ arn: ITEMS_ARN, status: 'CREATE_IN_PROGRESS' }] } })
    const d = h.create({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })
    d.putItem({ itemId: 'i1' })
    expect(await d.flush()).toMatchObject({
      delivered: 0,
      deadLettered: 1,
      deadLetteredByReason: { 'retries-exhausted': 1 },
    })
    expect(d.stats()).toMatchObject({ calls: 3, retried: 2 })
    expect(h.deadLetters[0]!.error).toMatchObject({ name: 'ResourceInUseException' })
  })
})

describe('records that cannot succeed are dead-lettered with a reason', () => {
  it('gives up after retry.maxAttempts and reports retries-exhausted with the last error', async () => {
    h = await startHarness({ faults: [{ kind: 'throttle' }] })
    const d = h.create({ retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 } })
    const { eventId } = d.recordEvent({
      sessionId: 's',
      userId: 'u',
      eventType: 'view',
      sentAt: 1_767_323_045_678,
    })
    expect(await d.flush()).toMatchObject({ delivered: 0, deadLettered: 1 })
    expect(h.calls('PutEvents')).toHaveLength(4)
    expect(h.deadLetters).toHaveLength(1)
    const [letter] = h.deadLetters
    expect(letter!.reason).toBe('retries-exhausted')
    expect(letter!.error).toMatchObject({ name: 'ThrottlingException' })
    expect(letter!.records).toEqual([
      {
        operation: 'PutEvents',
        trackingId: 'tid',
        sessionId: 's',
        userId: 'u',
        data: { eventType: 'view', sentAt: 1767323045.678, eventId },
      },
    ])
    expect(balanced(d)).toBe(true)
  })

  it('isolates a poison record in a batch of 10 by bisection: its nine neighbours are delivered in order', async () => {
    h = await startHarness()
    const d = h.create({ client: poisonous(h.client()) })
    const ids: string[] = []
    for (let i = 0; i < 10; i++) {
      ids.push(
        d.recordEvent({ sessionId: 's', eventType: i === 3 ? 'poison' : 'view', itemId: `i${i}` }).eventId,
      )
    }
    const report = await d.flush()

    expect(report).toMatchObject({
      delivered: 9,
      deadLettered: 1,
      deadLetteredByReason: { 'invalid-input': 1 },
    })
    const stored = h.emulator.records({ operation: 'PutEvents' })
    expect(stored.map((r) => r.eventId)).toEqual(ids.filter((_, i) => i !== 3))
    expect(h.deadLetters).toHaveLength(1)
    expect(h.deadLetters[0]!.reason).toBe('invalid-input')
    expect(h.deadLetters[0]!.records.map((r) => r.data.eventId)).toEqual([ids[3]])
    // The service's own message travels with the dead letter.
    expect(h.deadLetters[0]!.error).toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringMatching(/eventType/),
    })
    // 10 ✗, 5 ✗, 3 ✓, 2 ✗, 1 ✗, 1 ✓, 5 ✓: never more than 2·ceil(log2 10) extra calls.
    const sizes = h
      .calls('PutEvents')
      .map((r) => (JSON.parse(r.body) as { eventList: unknown[] }).eventList.length)
    expect(sizes).toEqual([10, 5, 3, 2, 1, 1, 5])
    expect(d.stats()).toMatchObject({ delivered: 9, deadLettered: 1, retried: 0 })
  })

  it('isolates several poison records and never resends an invalid batch unchanged', async () => {
    h = await startHarness()
    const d = h.create({ client: poisonous(h.client()) })
    for (let i = 0; i < 10; i++) d.recordEvent({ sessionId: 's', eventType: i % 4 === 0 ? 'poison' : 'view' })
    expect(await d.flush()).toMatchObject({ delivered: 7, deadLettered: 3 })
    expect(h.deadLetters.map((l) => l.records.length)).toEqual([1, 1, 1])
  })

  it('ResourceNotFoundException dead-letters the batch at once', async () => {
    h = await startHarness({ resources: { datasets: [{ arn: ITEMS_ARN }] } })
    const d = h.create()
    const missing = 'arn:aws:personalize:us-east-1:123456789012:dataset/gone/ITEMS'
    d.putItem({ itemId: 'i1', datasetArn: missing })
    d.putItem({ itemId: 'i2', datasetArn: missing })
    d.putItem({ itemId: 'i3' })
    expect(await d.flush()).toMatchObject({
      delivered: 1,
      deadLettered: 2,
      deadLetteredByReason: { 'resource-not-found': 2 },
    })
    expect(h.calls('PutItems')).toHaveLength(2)
    expect(h.deadLetters[0]!.records.map((r) => [r.datasetArn, r.data.itemId])).toEqual([
      [missing, 'i1'],
      [missing, 'i2'],
    ])
  })

  it('other client errors (a refused signature) are not retried', async () => {
    h = await startHarness({ signature: 'strict' })
    const d = h.create({
      clientConfig: { ...h.clientConfig, credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' } },
    })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ deadLettered: 1, deadLetteredByReason: { rejected: 1 } })
    expect(d.stats().calls).toBe(1)
  })

  it('logs each dead letter with the package prefix, and a throwing onDeadLetter does not break accounting', async () => {
    h = await startHarness({ faults: [{ kind: 'error500' }] })
    const logger = silentLogger()
    const d = h.create({
      logger,
      retry: { maxAttempts: 1 },
      onDeadLetter: () => {
        throw new Error('handler bug')
      },
    })
    d.recordEvent({ sessionId: 's', eventType: 'view' })
    expect(await d.flush()).toMatchObject({ deadLettered: 1 })
    expect(logger.lines.map((l) => l.msg)).toEqual([
      '[@personalize-kit/core] 1 record(s) dead-lettered: retries-exhausted',
      '[@personalize-kit/core] onDeadLetter threw',
    ])
    expect(balanced(d)).toBe(true)
  })
})
