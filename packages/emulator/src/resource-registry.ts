import type { OperationInfo } from './operations'
import { errors, type ServiceError } from './service-error'
import type { DatasetResource, ResourceRegistry } from './types'

const EXPECTED_TYPE: Record<string, DatasetResource['type']> = {
  items: 'ITEMS',
  users: 'USERS',
  actions: 'ACTIONS',
}

function typeFromArn(arn: string): DatasetResource['type'] | undefined {
  const suffix = arn.slice(arn.lastIndexOf('/') + 1).toUpperCase()
  return suffix === 'ITEMS' || suffix === 'USERS' || suffix === 'ACTIONS' ? suffix : undefined
}

/**
 * The optional registry of known tracking ids and datasets. Without one every id is accepted, as most local setups
 * want; with one, the emulator answers like a real account where only those resources exist.
 * @internal
 */
export function createResourceRegistry(registry: ResourceRegistry | undefined) {
  if (!registry) return () => undefined
  const trackers = new Map<string, string>()
  for (const t of registry.trackingIds ?? []) {
    if (typeof t === 'string') trackers.set(t, 'ACTIVE')
    else trackers.set(t.id, t.status ?? 'ACTIVE')
  }
  const datasets = new Map<string, DatasetResource>()
  for (const d of registry.datasets ?? []) datasets.set(d.arn, d)

  return (op: OperationInfo, body: Record<string, unknown>): ServiceError | undefined => {
    if (op.usesDataset) {
      const arn = body.datasetArn as string
      const ds = datasets.get(arn)
      if (!ds) return errors.resourceNotFound(`Could not find the specified resource: dataset ${arn}`)
      if ((ds.status ?? 'ACTIVE') !== 'ACTIVE') {
        return errors.resourceInUse(`The specified resource is in use: dataset ${arn} is ${ds.status}`)
      }
      const expected = EXPECTED_TYPE[op.listKey]
      const actual = ds.type ?? typeFromArn(arn)
      if (actual && actual !== expected) {
        return errors.invalidInput(
          `Dataset ${arn} is a ${actual} dataset; ${op.name} needs a ${expected} dataset`,
        )
      }
      return undefined
    }
    const trackingId = body.trackingId as string
    const status = trackers.get(trackingId)
    // PutEvents models only InvalidInputException, so an unknown tracker is reported as invalid input there.
    if (status === undefined) {
      const message = `Could not find the specified resource: tracking id ${trackingId}`
      return op.errors.includes('ResourceNotFoundException')
        ? errors.resourceNotFound(message)
        : errors.invalidInput(message)
    }
    if (status !== 'ACTIVE') {
      const message = `The specified resource is in use: event tracker ${trackingId} is ${status}`
      return op.errors.includes('ResourceInUseException')
        ? errors.resourceInUse(message)
        : errors.invalidInput(message)
    }
    return undefined
  }
}
