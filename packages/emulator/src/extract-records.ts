import type { OperationInfo } from './operations'
import type { StoredRecord } from './types'

type NewRecord = Omit<StoredRecord, 'seq' | 'duplicateEventId'>

type StringField =
  | 'trackingId'
  | 'datasetArn'
  | 'sessionId'
  | 'userId'
  | 'eventType'
  | 'eventId'
  | 'itemId'
  | 'actionId'

const put = (r: NewRecord, key: StringField, v: unknown) => {
  if (typeof v === 'string') r[key] = v
}

/** Flattens a validated request body into one record per event/item/user/action/interaction. @internal */
export function extractRecords(
  op: OperationInfo,
  body: Record<string, unknown>,
  requestId: string,
  receivedAt: number,
): NewRecord[] {
  const list = body[op.listKey] as Record<string, unknown>[]
  const out: NewRecord[] = []
  for (const data of list) {
    // Absent fields are never set (rather than set and deleted): a deleted key turns the object into a slow
    // dictionary, and a million stored records of that kind cost time and memory on every call.
    const r: NewRecord = { requestId, operation: op.name, receivedAt, data }
    switch (op.name) {
      case 'PutEvents':
        put(r, 'trackingId', body.trackingId)
        put(r, 'sessionId', body.sessionId)
        put(r, 'userId', body.userId)
        put(r, 'eventType', data.eventType)
        put(r, 'eventId', data.eventId)
        put(r, 'itemId', data.itemId)
        break
      case 'PutActionInteractions':
        put(r, 'trackingId', body.trackingId)
        put(r, 'sessionId', data.sessionId)
        put(r, 'userId', data.userId)
        put(r, 'eventType', data.eventType)
        put(r, 'eventId', data.eventId)
        put(r, 'actionId', data.actionId)
        break
      case 'PutItems':
        put(r, 'datasetArn', body.datasetArn)
        put(r, 'itemId', data.itemId)
        break
      case 'PutUsers':
        put(r, 'datasetArn', body.datasetArn)
        put(r, 'userId', data.userId)
        break
      case 'PutActions':
        put(r, 'datasetArn', body.datasetArn)
        put(r, 'actionId', data.actionId)
        break
    }
    out.push(r)
  }
  return out
}

/** Hints about records AWS accepts but silently ignores or misreads. @internal */
export function lintRecords(records: readonly StoredRecord[]): string[] {
  const warnings: string[] = []
  for (const r of records) {
    if (r.duplicateEventId) {
      warnings.push(
        `eventId '${r.eventId}' was already used on this tracker: Personalize ignores repeats for training`,
      )
    }
    if (r.sessionId === 'null' || r.sessionId === 'undefined') {
      warnings.push(`sessionId is the string '${r.sessionId}': AWS accepts it but the event is useless`)
    }
    const ts = r.data.sentAt ?? r.data.timestamp
    if (typeof ts === 'number' && ts > 1e11) {
      warnings.push(`timestamp ${ts} looks like milliseconds; Personalize expects epoch seconds`)
    }
  }
  return warnings
}
