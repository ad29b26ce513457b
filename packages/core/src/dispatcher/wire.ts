import type { TransportCall } from '../transport/transport'
import type { DeadLetter } from '../types'
import type { Group } from './group'
import type { ActionInteractionRecord, AnyRecord, EntityRecord, EventRecord } from './records'

function eventToWire(record: EventRecord, timeBase: number) {
  return {
    eventType: record.eventType,
    sentAt: new Date(timeBase + record.sentAt),
    eventId: record.eventId,
    eventValue: record.eventValue,
    itemId: record.itemId,
    properties: record.properties,
    recommendationId: record.recommendationId,
    impression: record.impression,
    metricAttribution: record.metricAttribution,
  }
}

function interactionToWire(record: ActionInteractionRecord, timeBase: number) {
  return {
    actionId: record.actionId,
    sessionId: record.sessionId,
    userId: record.userId,
    eventType: record.eventType,
    timestamp: new Date(timeBase + record.timestamp),
    eventId: record.eventId,
    recommendationId: record.recommendationId,
    impression: record.impression,
    properties: record.properties,
  }
}

/** Builds the transport call (the SDK command input) for one batch of a group. */
export function buildCall(group: Group, records: AnyRecord[], timeBase: number): TransportCall {
  switch (group.operation) {
    case 'PutEvents':
      return {
        operation: 'PutEvents',
        input: {
          trackingId: group.target,
          sessionId: group.sessionId,
          userId: group.userId,
          eventList: (records as EventRecord[]).map((record) => eventToWire(record, timeBase)),
        },
      }
    case 'PutActionInteractions':
      return {
        operation: 'PutActionInteractions',
        input: {
          trackingId: group.target,
          actionInteractions: (records as ActionInteractionRecord[]).map((record) =>
            interactionToWire(record, timeBase),
          ),
        },
      }
    case 'PutItems':
      return {
        operation: 'PutItems',
        input: {
          datasetArn: group.target,
          items: (records as EntityRecord[]).map((r) => ({ itemId: r.id, properties: r.properties })),
        },
      }
    case 'PutUsers':
      return {
        operation: 'PutUsers',
        input: {
          datasetArn: group.target,
          users: (records as EntityRecord[]).map((r) => ({ userId: r.id, properties: r.properties })),
        },
      }
    case 'PutActions':
      return {
        operation: 'PutActions',
        input: {
          datasetArn: group.target,
          actions: (records as EntityRecord[]).map((r) => ({ actionId: r.id, properties: r.properties })),
        },
      }
  }
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key]
  return object
}

/** Describes records that will never be delivered, as they would have been sent (timestamps in epoch seconds). */
export function toDeadLetters(group: Group, records: AnyRecord[], timeBase: number): DeadLetter[] {
  const base: Omit<DeadLetter, 'data'> = { operation: group.operation }
  if (group.operation === 'PutEvents' || group.operation === 'PutActionInteractions')
    base.trackingId = group.target
  else base.datasetArn = group.target
  if (group.sessionId !== undefined) base.sessionId = group.sessionId
  if (group.userId !== undefined) base.userId = group.userId
  return records.map((record) => {
    let data: Record<string, unknown>
    switch (group.operation) {
      case 'PutEvents': {
        const event = record as EventRecord
        data = { ...eventToWire(event, timeBase), sentAt: (timeBase + event.sentAt) / 1000 }
        break
      }
      case 'PutActionInteractions': {
        const interaction = record as ActionInteractionRecord
        data = {
          ...interactionToWire(interaction, timeBase),
          timestamp: (timeBase + interaction.timestamp) / 1000,
        }
        break
      }
      case 'PutItems':
        data = { itemId: (record as EntityRecord).id, properties: (record as EntityRecord).properties }
        break
      case 'PutUsers':
        data = { userId: (record as EntityRecord).id, properties: (record as EntityRecord).properties }
        break
      case 'PutActions':
        data = { actionId: (record as EntityRecord).id, properties: (record as EntityRecord).properties }
        break
    }
    return { ...base, data: withoutUndefined(data) }
  })
}
