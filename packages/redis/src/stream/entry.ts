import type { Operation, TransportCall } from '@personalize-kit/core'

/** Version of the entry layout, so relays can refuse entries a newer producer wrote. */
export const ENTRY_VERSION = '1'

/**
 * One batch as stored in the stream (and in dead letters): the request-level fields of its group and the wire
 * records with `sentAt`/`timestamp` in epoch seconds, so nothing depends on a process's clock or memory.
 */
export interface StreamBatch {
  operation: Operation
  /** trackingId (PutEvents, PutActionInteractions) or datasetArn (PutItems, PutUsers, PutActions). */
  target: string
  sessionId?: string
  userId?: string
  /** The records as the API takes them (`eventList`, `items`, `users`, `actions` or `actionInteractions` members). */
  records: Record<string, unknown>[]
  /** Epoch ms the producer appended the batch (for record → stored latency). */
  enqueuedAt: number
}

const LIST_FIELD: Record<Operation, string> = {
  PutEvents: 'eventList',
  PutItems: 'items',
  PutUsers: 'users',
  PutActions: 'actions',
  PutActionInteractions: 'actionInteractions',
}

const TIME_FIELD: Partial<Record<Operation, string>> = {
  PutEvents: 'sentAt',
  PutActionInteractions: 'timestamp',
}

const OPERATIONS = new Set<string>(Object.keys(LIST_FIELD))

function toEpochSeconds(value: unknown): unknown {
  return value instanceof Date ? value.getTime() / 1000 : value
}

/** A transport call as a stream batch: dates become epoch seconds, `properties` stay JSON strings. */
export function batchFromCall(call: TransportCall, now: number): StreamBatch {
  const input = call.input as unknown as Record<string, unknown>
  const list = (input[LIST_FIELD[call.operation]] ?? []) as Record<string, unknown>[]
  const timeField = TIME_FIELD[call.operation]
  const records = list.map((record) => {
    const copy: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(record)) {
      if (value === undefined) continue
      copy[key] =
        key === timeField
          ? toEpochSeconds(value)
          : key === 'properties' && typeof value === 'object' && value !== null
            ? JSON.stringify(value)
            : value
    }
    return copy
  })
  const target = (
    call.operation === 'PutEvents' || call.operation === 'PutActionInteractions'
      ? input.trackingId
      : input.datasetArn
  ) as string
  const batch: StreamBatch = { operation: call.operation, target, records, enqueuedAt: now }
  if (typeof input.sessionId === 'string') batch.sessionId = input.sessionId
  if (typeof input.userId === 'string') batch.userId = input.userId
  return batch
}

/** The SDK input for records of one group (dates rebuilt from epoch seconds). */
export function callFromBatch(batch: Omit<StreamBatch, 'enqueuedAt'>): TransportCall {
  const timeField = TIME_FIELD[batch.operation]
  const records = batch.records.map((record) =>
    timeField !== undefined && typeof record[timeField] === 'number'
      ? { ...record, [timeField]: new Date((record[timeField] as number) * 1000) }
      : record,
  )
  switch (batch.operation) {
    // `never`: the records were built from these shapes by batchFromCall.
    case 'PutEvents':
      return {
        operation: 'PutEvents',
        input: {
          trackingId: batch.target,
          sessionId: batch.sessionId,
          userId: batch.userId,
          eventList: records as never,
        },
      }
    case 'PutActionInteractions':
      return {
        operation: 'PutActionInteractions',
        input: { trackingId: batch.target, actionInteractions: records as never },
      }
    case 'PutItems':
      return { operation: 'PutItems', input: { datasetArn: batch.target, items: records as never } }
    case 'PutUsers':
      return { operation: 'PutUsers', input: { datasetArn: batch.target, users: records as never } }
    case 'PutActions':
      return { operation: 'PutActions', input: { datasetArn: batch.target, actions: records as never } }
  }
}

/** The stream fields of a batch, as XADD takes them. */
export function encodeBatch(batch: StreamBatch): string[] {
  const fields = ['v', ENTRY_VERSION, 'op', batch.operation, 't', batch.target]
  if (batch.sessionId !== undefined) fields.push('s', batch.sessionId)
  if (batch.userId !== undefined) fields.push('u', batch.userId)
  fields.push(
    'n',
    String(batch.records.length),
    'at',
    String(batch.enqueuedAt),
    'r',
    JSON.stringify(batch.records),
  )
  return fields
}

/** Thrown for an entry no relay of this version can read; the relay dead-letters it instead of crashing. */
export class MalformedEntryError extends Error {
  constructor(message: string) {
    super(`[@personalize-kit/redis] malformed stream entry: ${message}`)
    this.name = 'MalformedEntryError'
  }
}

/** Parses the flat field list XREADGROUP returns. */
export function decodeBatch(fields: string[]): StreamBatch {
  const map = new Map<string, string>()
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string)
  const version = map.get('v')
  if (version !== ENTRY_VERSION)
    throw new MalformedEntryError(`version ${version ?? '(none)'}, expected ${ENTRY_VERSION}`)
  const operation = map.get('op') ?? ''
  if (!OPERATIONS.has(operation)) throw new MalformedEntryError(`unknown operation '${operation}'`)
  const target = map.get('t')
  if (!target) throw new MalformedEntryError('no target (trackingId or datasetArn)')
  let records: unknown
  try {
    records = JSON.parse(map.get('r') ?? '')
  } catch {
    throw new MalformedEntryError('records are not JSON')
  }
  if (!Array.isArray(records) || records.length === 0)
    throw new MalformedEntryError('records must be a non-empty array')
  const batch: StreamBatch = {
    operation: operation as Operation,
    target,
    records: records as Record<string, unknown>[],
    enqueuedAt: Number(map.get('at') ?? 0),
  }
  const sessionId = map.get('s')
  const userId = map.get('u')
  if (sessionId !== undefined) batch.sessionId = sessionId
  if (userId !== undefined) batch.userId = userId
  return batch
}

/** Records of the same group share a call: PutEvents by tracker, session and user; the others by target. */
export function groupKey(batch: Pick<StreamBatch, 'operation' | 'target' | 'sessionId' | 'userId'>): string {
  return batch.operation === 'PutEvents'
    ? `${batch.operation}\u0000${batch.target}\u0000${batch.sessionId ?? ''}\u0000${batch.userId === undefined ? '\u0001' : batch.userId}`
    : `${batch.operation}\u0000${batch.target}`
}
