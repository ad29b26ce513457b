export { createCollector } from './create-collector'
export { type ParsedBodyOptions, withParsedBody } from './parsed-body'
export { type ResolvedSession, resolveSession, type SessionRequest } from './session'
export type {
  CollectorOptions,
  CollectorResult,
  MaybePromise,
  RejectedEvent,
  SessionOptions,
  TransformEventContext,
} from './types'
