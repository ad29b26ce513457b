import type { OperationInfo } from './operations'
import type { StoredRecord } from './types'

type NewRecord = Omit<StoredRecord, 'seq' | 'duplicateEventId'>

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

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
    const r: NewRecord = { requestId, operation: op.name, receivedAt, data }
    switch (op.name) {
      case 'PutEvents':
        r.trackingId = str(body.trackingId)
        r.sessionId = str(body.sessionId)
        r.userId = str(body.userId)
        r.eventType = str(data.eventType)
        r.eventId = str(data.eventId)
        r.itemId = str(data.itemId)
        break
      case 'PutActionInteractions':
        r.trackingId = str(body.trackingId)
        r.sessionId = str(data.sessionId)
        r.userId = str(data.userId)
        r.eventType = str(data.eventType)
        r.eventId = str(data.eventId)
        r.actionId = str(data.actionId)
        break
      case 'PutItems':
        r.datasetArn = str(body.datasetArn)
        r.itemId = str(data.itemId)
        break
      case 'PutUsers':
        r.datasetArn = str(body.datasetArn)
        r.userId = str(data.userId)
        break
      case 'PutActions':
        r.datasetArn = str(body.datasetArn)
        r.actionId = str(data.actionId)
        break
    }
    for (const k of Object.keys(r) as (keyof NewRecord)[]) if (r[k] === undefined) delete r[k]
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
