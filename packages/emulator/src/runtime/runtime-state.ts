import { createValidator } from '../validate'
import { createModelIndex } from './model/interaction-index'
import { createRecommendationLog } from './recommendation-log'
import { RUNTIME_OPERATIONS, RUNTIME_SHAPES } from './runtime-constraints.generated'
import { createRuntimeRegistry } from './runtime-registry'
import type { RuntimeOperation, RuntimeOptions } from './runtime-types'

/** A Personalize Runtime operation's HTTP binding. @internal */
export interface RuntimeOperationInfo {
  runtime: true
  name: RuntimeOperation
  input: string
  uri: string
  method: string
  errors: readonly string[]
}

/** The runtime half of an emulator: routes, validator, registry, model index and the recommendation log. @internal */
export function createRuntimeState(options: RuntimeOptions | undefined, seed: number) {
  const operations = new Map<string, RuntimeOperationInfo>()
  for (const op of RUNTIME_OPERATIONS) {
    operations.set(op.uri, {
      runtime: true,
      name: op.name as RuntimeOperation,
      input: op.input,
      uri: op.uri,
      method: op.method,
      errors: op.errors,
    })
  }
  return {
    operations,
    validate: createValidator(RUNTIME_SHAPES),
    registry: createRuntimeRegistry(options),
    index: createModelIndex(),
    log: createRecommendationLog(),
    seed,
  }
}

export type RuntimeState = ReturnType<typeof createRuntimeState>

/** The three runtime operation names. @internal */
export const RUNTIME_OPERATION_NAMES: readonly RuntimeOperation[] = [
  'GetRecommendations',
  'GetPersonalizedRanking',
  'GetActionRecommendations',
]
