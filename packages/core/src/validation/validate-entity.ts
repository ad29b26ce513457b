import type { EntityRecord } from '../dispatcher/records'
import { PersonalizeValidationError, type ValidationIssue } from '../errors'
import { checkArn, checkId, serializeProperties } from './checks'

/** How items, users and actions differ: the id field, the properties limit and the dataset option. */
export interface EntityKind {
  /** `item`, `user` or `action`: used in messages. */
  name: string
  idField: 'itemId' | 'userId' | 'actionId'
  maxProperties: number
  datasetOption: 'items' | 'users' | 'actions'
}

/**
 * Validates an item, user or action and returns the record to queue plus its dataset ARN. `defaultArn` is the
 * dispatcher's (already validated) dataset for this kind. Throws `PersonalizeValidationError`.
 */
export function validateEntity(
  kind: EntityKind,
  input: Record<string, unknown>,
  defaultArn: string | undefined,
): { record: EntityRecord; datasetArn: string } {
  const issues: ValidationIssue[] = []
  if (typeof input !== 'object' || input === null) {
    throw new PersonalizeValidationError([{ path: '', message: 'must be an object' }], kind.name)
  }
  const id = input[kind.idField]
  checkId(issues, kind.idField, id, true)
  const datasetArn = input.datasetArn ?? defaultArn
  if (datasetArn === undefined) {
    issues.push({
      path: 'datasetArn',
      message: `is required: pass it on the ${kind.name} or set datasets.${kind.datasetOption} on the dispatcher`,
    })
  } else if (datasetArn !== defaultArn) checkArn(issues, 'datasetArn', datasetArn)
  const properties =
    input.properties === undefined
      ? undefined
      : serializeProperties(issues, 'properties', input.properties, kind.maxProperties, false)
  if (issues.length > 0) throw new PersonalizeValidationError(issues, kind.name)
  return { record: { seq: 0, at: 0, id: id as string, properties }, datasetArn: datasetArn as string }
}
