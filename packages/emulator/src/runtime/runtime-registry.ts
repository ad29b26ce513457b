import {
  type FilterExpression,
  FilterExpressionError,
  parseFilterExpression,
} from './filters/filter-expression'
import { DEMO_DATASET_GROUP, defaultRuntimeResources, KINDS, type KindInfo } from './resource-kinds'
import type { RuntimeFilter, RuntimeOptions, RuntimeResource, RuntimeResourceKind } from './runtime-types'

/** A bad resource or filter at registration; the message names the field. @internal */
export class RuntimeRegistrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RuntimeRegistrationError'
  }
}

/** A registered campaign or recommender with its defaults filled in. @internal */
export interface ResolvedResource extends Required<Omit<RuntimeResource, 'excludePurchased'>> {
  excludePurchased: boolean
  info: KindInfo
}

/** A registered filter with its parsed expression. @internal */
export interface ResolvedFilter extends RuntimeFilter {
  parsed: FilterExpression
}

const ARN =
  /^arn:aws[a-z-]*:personalize:[a-z0-9-]*:\d*:(campaign|recommender|filter)\/[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/

function arnType(arn: unknown, field: string): string {
  if (typeof arn !== 'string' || !ARN.test(arn)) {
    throw new RuntimeRegistrationError(
      `${field} must look like arn:aws:personalize:<region>:<account>:<campaign|recommender|filter>/<name>, got ${JSON.stringify(arn)}`,
    )
  }
  return (/:(campaign|recommender|filter)\//.exec(arn) as RegExpExecArray)[1] as string
}

/** Campaigns, recommenders and filters the runtime routes answer for. @internal */
export function createRuntimeRegistry(options: RuntimeOptions | undefined) {
  const resources = new Map<string, ResolvedResource>()
  const filters = new Map<string, ResolvedFilter>()

  const registry = {
    addResource(r: RuntimeResource): ResolvedResource {
      if (r === null || typeof r !== 'object')
        throw new RuntimeRegistrationError('a resource must be an object')
      const type = arnType(r.arn, 'arn')
      const info = KINDS[r.kind as RuntimeResourceKind] as KindInfo | undefined
      if (!info) {
        throw new RuntimeRegistrationError(
          `kind must be one of ${Object.keys(KINDS).join(', ')}, got ${JSON.stringify(r.kind)}`,
        )
      }
      if (type !== info.resourceType) {
        throw new RuntimeRegistrationError(
          `kind '${r.kind}' is a ${info.resourceType}, but ${r.arn} is a ${type} ARN`,
        )
      }
      for (const k of ['trackingId', 'itemsDatasetArn', 'actionsDatasetArn', 'actionTrackingId'] as const) {
        if (r[k] !== undefined && (typeof r[k] !== 'string' || r[k] === '')) {
          throw new RuntimeRegistrationError(`${k} must be a non-empty string`)
        }
      }
      if (r.excludePurchased !== undefined && typeof r.excludePurchased !== 'boolean') {
        throw new RuntimeRegistrationError('excludePurchased must be a boolean')
      }
      const resolved: ResolvedResource = {
        arn: r.arn,
        kind: r.kind,
        trackingId: r.trackingId ?? DEMO_DATASET_GROUP.trackingId,
        itemsDatasetArn: r.itemsDatasetArn ?? DEMO_DATASET_GROUP.itemsDatasetArn,
        actionsDatasetArn: r.actionsDatasetArn ?? DEMO_DATASET_GROUP.actionsDatasetArn,
        actionTrackingId: r.actionTrackingId ?? DEMO_DATASET_GROUP.actionTrackingId,
        excludePurchased: r.excludePurchased ?? info.excludePurchased,
        info,
      }
      resources.set(r.arn, resolved)
      return resolved
    },
    addFilter(f: RuntimeFilter): ResolvedFilter {
      if (f === null || typeof f !== 'object')
        throw new RuntimeRegistrationError('a filter must be an object')
      if (arnType(f.arn, 'arn') !== 'filter') {
        throw new RuntimeRegistrationError(`a filter ARN names a filter/…, got ${f.arn}`)
      }
      if (typeof f.expression !== 'string' || !f.expression.trim()) {
        throw new RuntimeRegistrationError('expression must be a non-empty string')
      }
      let parsed: FilterExpression
      try {
        parsed = parseFilterExpression(f.expression)
      } catch (e) {
        if (e instanceof FilterExpressionError) {
          throw new RuntimeRegistrationError(`filter ${f.arn}: unsupported expression: ${e.message}`)
        }
        throw e
      }
      const resolved = { arn: f.arn, expression: f.expression, parsed }
      filters.set(f.arn, resolved)
      return resolved
    },
    resource: (arn: string) => resources.get(arn),
    filter: (arn: string) => filters.get(arn),
    list() {
      return {
        resources: [...resources.values()].map(({ info, ...r }) => ({ ...r, operation: info.operation })),
        filters: [...filters.values()].map(({ arn, expression }) => ({ arn, expression })),
      }
    },
  }

  if (options?.defaults !== false) for (const r of defaultRuntimeResources()) registry.addResource(r)
  for (const r of options?.resources ?? []) registry.addResource(r)
  for (const f of options?.filters ?? []) registry.addFilter(f)
  return registry
}

export type RuntimeRegistry = ReturnType<typeof createRuntimeRegistry>
