import { OPERATIONS } from './constraints.generated'
import type { Operation } from './types'

/** Per-operation wiring: where its records live in the body and which fields identify them. @internal */
export interface OperationInfo {
  name: Operation
  input: string
  uri: string
  method: string
  listKey: string
  idKey: 'itemId' | 'userId' | 'actionId' | 'eventId'
  usesDataset: boolean
  /** Modelled errors: only these may be answered as modelled exceptions (PutEvents has InvalidInput only). */
  errors: readonly string[]
}

const LIST_KEYS: Record<Operation, [string, OperationInfo['idKey']]> = {
  PutEvents: ['eventList', 'eventId'],
  PutItems: ['items', 'itemId'],
  PutUsers: ['users', 'userId'],
  PutActions: ['actions', 'actionId'],
  PutActionInteractions: ['actionInteractions', 'eventId'],
}

/** All operations in the model, keyed by their HTTP path. @internal */
export function operationsByUri(): Map<string, OperationInfo> {
  const map = new Map<string, OperationInfo>()
  for (const op of OPERATIONS) {
    const name = op.name as Operation
    const [listKey, idKey] = LIST_KEYS[name]
    map.set(op.uri, {
      name,
      input: op.input,
      uri: op.uri,
      method: op.method,
      listKey,
      idKey,
      usesDataset: listKey === 'items' || listKey === 'users' || listKey === 'actions',
      errors: op.errors,
    })
  }
  return map
}

/** Routes `…/events` etc., tolerating a base-path prefix as the SDK keeps the endpoint's path. @internal */
export function matchOperation<T>(byUri: Map<string, T>, path: string): T | undefined {
  const exact = byUri.get(path)
  if (exact) return exact
  const slash = path.lastIndexOf('/')
  if (slash <= 0) return undefined
  return byUri.get(path.slice(slash))
}

export const ALL_OPERATIONS: readonly Operation[] = [
  'PutEvents',
  'PutItems',
  'PutUsers',
  'PutActions',
  'PutActionInteractions',
]
