/**
 * `@personalize-kit/emulator`: a local, wire-faithful Amazon Personalize Events and Runtime service (restJson1,
 * SigV4, model-driven validation, recommendations computed from the recorded events) with fault injection, persistence, an admin API and a live inspector page.
 *
 * ```ts
 * // test/emulator.test.ts
 * import { startEmulator } from '@personalize-kit/emulator'
 * const emulator = await startEmulator({ port: 0 })
 * // point @aws-sdk/client-personalize-events at emulator.url, then inspect emulator.records()
 * await emulator.stop()
 * ```
 * @packageDocumentation
 */

export type { AttributionReport, ResourceAttribution } from './attribution/compute-attribution'
export { DEFAULT_CREDENTIALS } from './emulator-state'
export { DEFAULT_RUNTIME_ARNS, DEMO_DATASET_GROUP } from './runtime/resource-kinds'
export type {
  IssuedRecommendation,
  RuntimeFilter,
  RuntimeOperation,
  RuntimeOptions,
  RuntimeResource,
  RuntimeResourceKind,
} from './runtime/runtime-types'
export { startEmulator } from './start-emulator'
export type {
  ActiveFaultRule,
  DatasetResource,
  Emulator,
  EmulatorOptions,
  FaultRule,
  Operation,
  Outcome,
  RecordFilter,
  RequestLogEntry,
  ResourceRegistry,
  ServiceOperation,
  SignatureMode,
  SignatureVerdict,
  StoredRecord,
  Violation,
} from './types'
