export { createCollector } from './create-collector'
export { type ResolvedSession, resolveSession, type SessionRequest } from './session'
export type {
  CollectorOptions,
  CollectorResult,
  MaybePromise,
  RejectedEvent,
  SessionOptions,
  TransformEventContext,
} from './types'
