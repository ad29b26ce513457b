import { describe, expect, it } from 'vitest'
import {
  batchFromCall,
  callFromBatch,
  decodeBatch,
  encodeBatch,
  groupKey,
  MalformedEntryError,
} from './entry'

describe('stream entries', () => {
  it('round-trips a PutEvents call: dates as epoch seconds in Redis, Date objects again for the SDK', () => {
    const sentAt = new Date(1_767_323_045_678)
    const batch = batchFromCall(
      {
        operation: 'PutEvents',
        input: {
          trackingId: 't',
          sessionId: 's',
          userId: 'u',
          eventList: [
            { eventType: 'click', sentAt, eventId: 'e1', properties: '{"a":"1"}', itemId: undefined },
          ],
        },
      },
      1000,
    )
    expect(batch.records).toEqual([
      { eventType: 'click', sentAt: 1_767_323_045.678, eventId: 'e1', properties: '{"a":"1"}' },
    ])
    const decoded = decodeBatch(encodeBatch(batch))
    expect(decoded).toEqual(batch)
    const call = callFromBatch(decoded)
    expect(call).toEqual({
      operation: 'PutEvents',
      input: {
        trackingId: 't',
        sessionId: 's',
        userId: 'u',
        eventList: [{ eventType: 'click', sentAt, eventId: 'e1', properties: '{"a":"1"}' }],
      },
    })
  })

  it('keeps items keyed by dataset and action interactions by tracker', () => {
    const items = batchFromCall(
      { operation: 'PutItems', input: { datasetArn: 'arn:d', items: [{ itemId: 'i', properties: '{}' }] } },
      0,
    )
    expect(decodeBatch(encodeBatch(items))).toMatchObject({
      operation: 'PutItems',
      target: 'arn:d',
      records: [{ itemId: 'i' }],
    })
    const timestamp = new Date(2_000_000)
    const ai = batchFromCall(
      {
        operation: 'PutActionInteractions',
        input: {
          trackingId: 'a',
          actionInteractions: [{ actionId: 'x', sessionId: 's', eventType: 'Taken', timestamp }],
        },
      },
      0,
    )
    expect(callFromBatch(ai).input).toEqual({
      trackingId: 'a',
      actionInteractions: [{ actionId: 'x', sessionId: 's', eventType: 'Taken', timestamp }],
    })
  })

  it('groups PutEvents by tracker, session and user (an absent user differs from an empty one), others by target', () => {
    const base = { operation: 'PutEvents' as const, target: 't', sessionId: 's' }
    expect(groupKey({ ...base, userId: 'u' })).toBe(groupKey({ ...base, userId: 'u' }))
    expect(groupKey({ ...base, userId: 'u' })).not.toBe(groupKey({ ...base, userId: 'v' }))
    expect(groupKey(base)).not.toBe(groupKey({ ...base, userId: '' }))
    expect(groupKey({ operation: 'PutItems', target: 'arn', sessionId: 'x' })).toBe(
      groupKey({ operation: 'PutItems', target: 'arn' }),
    )
  })

  it('names what is wrong with an unreadable entry', () => {
    expect(() => decodeBatch(['v', '9'])).toThrow(MalformedEntryError)
    expect(() => decodeBatch(['v', '9'])).toThrow(/version 9, expected 1/)
    expect(() => decodeBatch(['v', '1', 'op', 'PutNothing'])).toThrow(/unknown operation 'PutNothing'/)
    expect(() => decodeBatch(['v', '1', 'op', 'PutEvents', 't', 'x', 'r', '{'])).toThrow(
      /records are not JSON/,
    )
    expect(() => decodeBatch(['v', '1', 'op', 'PutEvents', 't', 'x', 'r', '[]'])).toThrow(/non-empty array/)
  })
})
