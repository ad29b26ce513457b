/**
 * What to do after a failed call: retry (`throttled` picks the longer backoff base), bisect the batch to find the
 * records the service rejects, or dead-letter it for a reason.
 *
 * @example
 * ```ts
 * const action: FailureAction = classifyError(error)
 * if (action.kind === 'retry') await sleep(fullJitterDelay(attempt, action.throttled ? 500 : 100, 20_000, Math.random))
 * ```
 */
export type FailureAction =
  | { kind: 'retry'; throttled: boolean }
  | { kind: 'bisect' }
  | { kind: 'dead'; reason: 'resource-not-found' | 'rejected' | 'backlog-full' }

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
])

/** Client errors that can succeed later: a dataset still being created, a clock or credential refresh, a timeout. */
const TRANSIENT_CLIENT = new Set([
  'ResourceInUseException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  // The SDK corrects its clock offset from the failed response, so the next attempt is signed right.
  'RequestTimeTooSkewed',
  'RequestInTheFuture',
  'IDPCommunicationError',
])

const INVALID = new Set(['InvalidInputException', 'ValidationException', 'SerializationException'])

interface ErrorLike {
  name?: unknown
  code?: unknown
  $fault?: unknown
  $metadata?: { httpStatusCode?: unknown }
}

/**
 * Sorts a failed call: retry throttling (429 or a throttling code), 5xx, timeouts, network errors and
 * `ResourceInUseException`; bisect `InvalidInputException`; dead-letter `ResourceNotFoundException` and other
 * client errors (access denied, bad signature) that no retry can fix. For transports and relays: a
 * `Transport.send` rejection is sorted by this, and a relay that sends on the dispatcher's behalf can sort the
 * service's errors the same way.
 *
 * @example
 * ```ts
 * import { classifyError } from '@personalize-kit/core'
 *
 * classifyError({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }) // { kind: 'retry', throttled: true }
 * classifyError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // { kind: 'retry', throttled: false }
 * ```
 */
export function classifyError(error: unknown): FailureAction {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike
  const name = typeof e.name === 'string' ? e.name : ''
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined
  if (THROTTLING.has(name) || status === 429) return { kind: 'retry', throttled: true }
  // A transport's durable backlog is full (@personalize-kit/redis): no retry here can make room.
  if (e.code === 'PERSONALIZE_BACKLOG_FULL') return { kind: 'dead', reason: 'backlog-full' }
  if (INVALID.has(name)) return { kind: 'bisect' }
  if (name === 'ResourceNotFoundException') return { kind: 'dead', reason: 'resource-not-found' }
  if (TRANSIENT_CLIENT.has(name) || status === 408) return { kind: 'retry', throttled: false }
  // No HTTP status: the request never got a complete answer (reset, refused, timeout, malformed body).
  if (status === undefined || status < 400 || status >= 500 || e.$fault === 'server') {
    return { kind: 'retry', throttled: false }
  }
  if (status === 404) return { kind: 'dead', reason: 'resource-not-found' }
  return { kind: 'dead', reason: 'rejected' }
}

/** The service's message for a dead letter. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
