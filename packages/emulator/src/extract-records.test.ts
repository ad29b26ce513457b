import { describe, expect, it } from 'vitest'
import { extractRecords } from './extract-records'
import { operationsByUri } from './operations'
import { createRecordStore } from './record-store'

const op = (name: string) => {
  const found = [...operationsByUri().values()].find((o) => o.name === name)
  if (!found) throw new Error(name)
  return found
}

describe('stored records', () => {
  it('carry only the fields the call had, in a fixed order, with seq and the duplicate flag last', () => {
    const store = createRecordStore()
    const body = {
      trackingId: 't1',
      sessionId: 's1',
      eventList: [
        { eventType: 'view', eventId: 'e1', itemId: 'i1', sentAt: 1 },
        { eventType: 'view', sentAt: 2 },
        { eventType: 'click', eventId: 'e1', itemId: 'i2', sentAt: 3 },
      ],
    }
    const stored = store.commit(store.prepare(extractRecords(op('PutEvents'), body, 'r1', 1000)))
    expect(stored.map((r) => Object.keys(r))).toEqual([
      [
        'requestId',
        'operation',
        'receivedAt',
        'data',
        'trackingId',
        'sessionId',
        'eventType',
        'eventId',
        'itemId',
        'seq',
        'duplicateEventId',
      ],
      [
        'requestId',
        'operation',
        'receivedAt',
        'data',
        'trackingId',
        'sessionId',
        'eventType',
        'seq',
        'duplicateEventId',
      ],
      [
        'requestId',
        'operation',
        'receivedAt',
        'data',
        'trackingId',
        'sessionId',
        'eventType',
        'eventId',
        'itemId',
        'seq',
        'duplicateEventId',
      ],
    ])
    expect(stored.map((r) => [r.seq, r.duplicateEventId])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ])
    expect(store.query()).toEqual(stored)
  })

  it('an eventId seen in an earlier call is a duplicate; one of a batch never committed is not', () => {
    const store = createRecordStore()
    const call = (eventId: string) => ({
      trackingId: 't1',
      sessionId: 's1',
      eventList: [{ eventType: 'view', eventId, sentAt: 1 }],
    })
    store.commit(store.prepare(extractRecords(op('PutEvents'), call('a'), 'r1', 1)))
    store.prepare(extractRecords(op('PutEvents'), call('b'), 'r2', 2))
    const [again] = store.commit(store.prepare(extractRecords(op('PutEvents'), call('a'), 'r3', 3)))
    const [fresh] = store.commit(store.prepare(extractRecords(op('PutEvents'), call('b'), 'r4', 4)))
    expect(again?.duplicateEventId).toBe(true)
    expect(fresh?.duplicateEventId).toBe(false)
    expect(store.size).toBe(3)
  })

  it('items carry the dataset and item id', () => {
    const store = createRecordStore()
    const body = { datasetArn: 'arn:x', items: [{ itemId: 'i1', properties: '{}' }] }
    const [item] = store.commit(store.prepare(extractRecords(op('PutItems'), body, 'r1', 1)))
    expect(Object.keys(item ?? {})).toEqual([
      'requestId',
      'operation',
      'receivedAt',
      'data',
      'datasetArn',
      'itemId',
      'seq',
      'duplicateEventId',
    ])
  })
})
