import { describe, expect, it } from 'vitest'
import { createDispatcher } from '../dispatcher/create-dispatcher'
import { PersonalizeValidationError } from '../errors'
import type { Dispatcher, EventInput } from '../types'
import { codePointLength } from './checks'

const ITEMS = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS'

// No call is ever made: invalid records are refused before anything is queued.
const dispatcher = (): Dispatcher =>
  createDispatcher({
    trackingId: 'tid',
    actionTrackingId: 'tid-actions',
    datasets: { items: ITEMS },
    clientConfig: {
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  })

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalizeValidationError)
    expect((error as PersonalizeValidationError).code).toBe('PERSONALIZE_VALIDATION')
    return (error as PersonalizeValidationError).issues
  }
  throw new Error('expected a PersonalizeValidationError')
}

const base: EventInput = { sessionId: 's', eventType: 'click' }

describe('validation at record time', () => {
  it.each([
    ['sessionId missing', { eventType: 'x' }, 'sessionId', /required/],
    ['eventType missing', { sessionId: 's' }, 'eventType', /required/],
    ['empty sessionId', { ...base, sessionId: '' }, 'sessionId', /1\.\.256/],
    [
      '257-character userId',
      { ...base, userId: 'u'.repeat(257) },
      'userId',
      /at most 256 characters, got 257/,
    ],
    ['number itemId', { ...base, itemId: 42 }, 'itemId', /must be a string/],
    ["userId 'null'", { ...base, userId: 'null' }, 'userId', /serialised null/],
    [
      '41-character recommendationId',
      { ...base, recommendationId: 'r'.repeat(41) },
      'recommendationId',
      /at most 40/,
    ],
    [
      '26 impressions',
      { ...base, impression: Array.from({ length: 26 }, (_, i) => `i${i}`) },
      'impression',
      /1\.\.25 ids, got 26/,
    ],
    ['empty impression id', { ...base, impression: ['a', ''] }, 'impression[1]', /must not be empty/],
    ['NaN eventValue', { ...base, eventValue: Number.NaN }, 'eventValue', /finite/],
    ['Infinity eventValue', { ...base, eventValue: Number.POSITIVE_INFINITY }, 'eventValue', /finite/],
    ['eventValue beyond float32', { ...base, eventValue: 1e39 }, 'eventValue', /32-bit float/],
    ['sentAt in seconds', { ...base, sentAt: 1_767_323_045 }, 'sentAt', /looks like epoch seconds/],
    [
      'sentAt in microseconds',
      { ...base, sentAt: 1_767_323_045_678_000 },
      'sentAt',
      /looks like microseconds/,
    ],
    [
      'Date built from seconds',
      { ...base, sentAt: new Date(1_767_323_045) },
      'sentAt',
      /epoch seconds\? multiply by 1000/,
    ],
    ['Invalid Date', { ...base, sentAt: new Date('nope') }, 'sentAt', /valid Date/],
    ['sentAt as a string', { ...base, sentAt: '2026-01-01' }, 'sentAt', /Date or epoch milliseconds/],
    [
      'properties too long',
      { ...base, properties: { a: 'x'.repeat(1020) } },
      'properties',
      /at most 1024 characters of JSON, got 1028/,
    ],
    ['properties not JSON', { ...base, properties: '{nope' }, 'properties', /valid JSON/],
    ['properties an array', { ...base, properties: [1, 2] }, 'properties', /JSON object/],
    ['reserved key', { ...base, properties: { TimeStamp: 1 } }, 'properties.TimeStamp', /reserved/],
    [
      'reserved key in a string',
      { ...base, properties: '{"USERID":"u"}' },
      'properties.USERID',
      /case-insensitive/,
    ],
    [
      'bad attribution source',
      { ...base, metricAttribution: { eventAttributionSource: '   ' } },
      'metricAttribution.eventAttributionSource',
      /non-space/,
    ],
    [
      'non-ASCII attribution source',
      { ...base, metricAttribution: { eventAttributionSource: 'é' } },
      'metricAttribution.eventAttributionSource',
      /printable ASCII/,
    ],
  ])('refuses %s, naming the field and the limit', (_, input, path, message) => {
    const d = dispatcher()
    const issues = issuesOf(() => d.recordEvent(input as EventInput))
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) })
    expect(d.stats()).toMatchObject({ accepted: 0, queued: 0, invalid: 1 })
  })

  it('reports every issue of a record at once, in the error message too', () => {
    const d = dispatcher()
    const issues = issuesOf(() =>
      d.recordEvent({ sessionId: '', eventType: '', eventValue: Number.NaN } as EventInput),
    )
    expect(issues.map((i) => i.path)).toEqual(['sessionId', 'eventType', 'eventValue'])
    expect(() => d.recordEvent({ sessionId: '', eventType: 'x' })).toThrow(
      /\[@personalize-kit\/core\] invalid event: sessionId/,
    )
  })

  it('counts string lengths in code points, not UTF-16 units', () => {
    const d = dispatcher()
    const emoji = '😀'.repeat(256) // 512 UTF-16 units, 256 code points
    expect(codePointLength(emoji)).toBe(256)
    expect(() => d.recordEvent({ ...base, userId: emoji })).not.toThrow()
    expect(issuesOf(() => d.recordEvent({ ...base, userId: `${emoji}x` }))).toEqual([
      { path: 'userId', message: 'must be at most 256 characters, got 257' },
    ])
    const props = { k: '😀'.repeat(1016) } // {"k":"…"} = 8 + 1016 code points
    expect(() => d.recordEvent({ ...base, properties: props })).not.toThrow()
  })

  it('applies the properties limit of each kind: 1024 events and interactions, 24000 users, 32000 items and actions', () => {
    const d = createDispatcher({
      trackingId: 't',
      actionTrackingId: 'ta',
      datasets: {
        items: ITEMS,
        users: ITEMS.replace('ITEMS', 'USERS'),
        actions: ITEMS.replace('ITEMS', 'ACTIONS'),
      },
      clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
    })
    const ofLength = (n: number) => ({ p: 'x'.repeat(n - 8) }) // {"p":"…"} adds 8 characters
    expect(() => d.putUser({ userId: 'u', properties: ofLength(24_000) })).not.toThrow()
    expect(issuesOf(() => d.putUser({ userId: 'u', properties: ofLength(24_001) }))[0]!.message).toMatch(
      /24000/,
    )
    expect(() => d.putItem({ itemId: 'i', properties: ofLength(32_000) })).not.toThrow()
    expect(issuesOf(() => d.putItem({ itemId: 'i', properties: ofLength(32_001) }))[0]!.message).toMatch(
      /32000/,
    )
    expect(issuesOf(() => d.putAction({ actionId: 'a', properties: ofLength(32_001) }))[0]!.message).toMatch(
      /32000/,
    )
    expect(
      issuesOf(() =>
        d.recordActionInteraction({
          actionId: 'a',
          sessionId: 's',
          eventType: 'Taken',
          properties: ofLength(1025),
        }),
      )[0]!.message,
    ).toMatch(/1024/)
    // Items may use any column name; the reserved keys apply to interactions only.
    expect(() => d.putItem({ itemId: 'i', properties: { timestamp: 1 } })).not.toThrow()
    void d.close({ timeoutMs: 0 })
  })

  it('checks dataset ARNs against the model pattern and requires a target', () => {
    const d = dispatcher()
    expect(issuesOf(() => d.putItem({ itemId: 'i', datasetArn: 'arn:aws:s3:::bucket' }))).toEqual([
      { path: 'datasetArn', message: 'must match the ARN pattern ^arn:([a-z\\d-]+):personalize:.*:.*:.+$' },
    ])
    expect(issuesOf(() => d.putUser({ userId: 'u' }))[0]).toEqual({
      path: 'datasetArn',
      message: 'is required: pass it on the user or set datasets.users on the dispatcher',
    })
    const noTracker = createDispatcher({ clientConfig: { region: 'us-east-1' } })
    expect(issuesOf(() => noTracker.recordEvent(base))[0]!.path).toBe('trackingId')
    expect(() =>
      createDispatcher({ datasets: { items: 'not-an-arn' }, clientConfig: { region: 'us-east-1' } }),
    ).toThrow(/datasets\.items must match the ARN pattern/)
  })

  it('refuses an event over 10 KB of JSON even when each field is within its limit', () => {
    const d = dispatcher()
    const impression = Array.from({ length: 25 }, (_, i) => `${i}`.padEnd(256, '€'))
    const issues = issuesOf(() => d.recordEvent({ ...base, impression }))
    expect(issues[0]!.message).toMatch(/at most 10240 bytes of JSON, got \d+/)
  })

  it('accepts a Date or epoch milliseconds and returns the given or a generated eventId', () => {
    const d = dispatcher()
    expect(d.recordEvent({ ...base, sentAt: Date.now(), eventId: 'mine' })).toEqual({ eventId: 'mine' })
    expect(d.recordEvent({ ...base, sentAt: new Date() }).eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(d.stats()).toMatchObject({ accepted: 2, queued: 2, invalid: 0 })
    void d.close({ timeoutMs: 0 })
  })
})
