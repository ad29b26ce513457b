export { withClientAddress } from './client-address'
export type { CollectorAnswer, CollectorInput, RawBodyResult } from './collector-input'
export { createCollector } from './create-collector'
export { type ParsedBodyOptions, withParsedBody } from './parsed-body'
export { type ResolvedSession, resolveSession, type SessionRequest } from './session'
export type {
  Collector,
  CollectorAdmission,
  CollectorOptions,
  CollectorResult,
  CollectorVisitor,
  MaybePromise,
  RejectedEvent,
  SessionOptions,
  TransformEventContext,
} from './types'
