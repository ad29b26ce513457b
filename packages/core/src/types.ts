import type {
  PersonalizeEventsClient,
  PersonalizeEventsClientConfig,
} from '@aws-sdk/client-personalize-events'
import type { MeterProvider } from '@opentelemetry/api'
import type { EventTypes, TypedEvent } from '@personalize-kit/browser'
import type { Transport } from './transport/transport'

// Declared once in the dependency-free browser package, so one `Register` declaration types every package.
export type {
  EventTypeName,
  EventTypes,
  Register,
  RegisteredEvents,
  TypedEvent,
} from '@personalize-kit/browser'

/**
 * The five Personalize Events operations the dispatcher calls.
 *
 * @example
 * ```ts
 * const operation: Operation = 'PutEvents'
 * const onDeadLetter: DeadLetterHandler = (records) => records.filter((r) => r.operation === operation)
 * ```
 */
export type Operation = 'PutEvents' | 'PutItems' | 'PutUsers' | 'PutActions' | 'PutActionInteractions'

/**
 * A JSON object, or a string that already holds one. Objects are serialised with `JSON.stringify`.
 *
 * @example
 * ```ts
 * const a: PropertiesInput = { numberOfRatings: '12' }
 * const b: PropertiesInput = '{"numberOfRatings":"12"}'
 * ```
 */
export type PropertiesInput = Record<string, unknown> | string

/**
 * An item interaction for `recordEvent` (Personalize `PutEvents`).
 *
 * @example
 * ```ts
 * const input: EventInput = { sessionId: 's-1', userId: 'u-1', eventType: 'click', itemId: 'sku-42' }
 * ```
 */
export interface EventInput {
  /** Groups events of one visit; required, 1..256 characters. */
  sessionId: string
  /** Optional; anonymous events carry only `sessionId`. 1..256 characters. */
  userId?: string
  /** Required, 1..256 characters. */
  eventType: string
  itemId?: string
  /** A finite number. */
  eventValue?: number
  /** Schema columns (camelCase). Serialised JSON must be at most 1024 characters; reserved keys are rejected. */
  properties?: PropertiesInput
  /** When the event happened: a `Date` or epoch **milliseconds**. Defaults to now. Sent as epoch seconds. */
  sentAt?: Date | number
  /** Idempotency key; generated with `crypto.randomUUID()` when absent. */
  eventId?: string
  /** At most 40 characters. */
  recommendationId?: string
  /** Item ids shown to the user, 1..25 entries. */
  impression?: string[]
  metricAttribution?: { eventAttributionSource: string }
  /** Overrides the dispatcher's default `trackingId`. */
  trackingId?: string
}

/**
 * `EventInput` narrowed to declared event types: `eventType` is one of them, and `properties` has its shape.
 *
 * @example
 * ```ts
 * const input: TypedEventInput<{ view: undefined; rate: { stars: number } }> = {
 *   sessionId: 's-1',
 *   eventType: 'rate',
 *   properties: { stars: 5 },
 * }
 * ```
 */
export type TypedEventInput<E extends EventTypes> = TypedEvent<EventInput, E>

/**
 * An item upsert for `putItem` (Personalize `PutItems`).
 *
 * @example
 * ```ts
 * const item: ItemInput = { itemId: 'sku-42', properties: { genres: 'Horror|Action' } }
 * ```
 */
export interface ItemInput {
  itemId: string
  /** Serialised JSON at most 32000 characters. */
  properties?: PropertiesInput
  /** Overrides `datasets.items`. */
  datasetArn?: string
}

/**
 * A user upsert for `putUser` (Personalize `PutUsers`).
 *
 * @example
 * ```ts
 * const user: UserInput = { userId: 'u-1', properties: { membership: 'gold' } }
 * ```
 */
export interface UserInput {
  userId: string
  /** Serialised JSON at most 24000 characters. */
  properties?: PropertiesInput
  /** Overrides `datasets.users`. */
  datasetArn?: string
}

/**
 * An action upsert for `putAction` (Personalize `PutActions`).
 *
 * @example
 * ```ts
 * const action: ActionInput = { actionId: 'join-club', properties: { value: 10 } }
 * ```
 */
export interface ActionInput {
  actionId: string
  /** Serialised JSON at most 32000 characters. */
  properties?: PropertiesInput
  /** Overrides `datasets.actions`. */
  datasetArn?: string
}

/**
 * An action interaction for `recordActionInteraction` (Personalize `PutActionInteractions`).
 *
 * @example
 * ```ts
 * const input: ActionInteractionInput = { actionId: 'join-club', sessionId: 's-1', eventType: 'Taken' }
 * ```
 */
export interface ActionInteractionInput {
  actionId: string
  sessionId: string
  userId?: string
  /** Personalize knows `Viewed`, `Taken` and `Not Taken`. */
  eventType: string
  /** When it happened: a `Date` or epoch **milliseconds**. Defaults to now. Sent as epoch seconds. */
  timestamp?: Date | number
  eventId?: string
  recommendationId?: string
  /** Action ids shown to the user, 1..25 entries. */
  impression?: string[]
  /** Serialised JSON at most 1024 characters; reserved keys are rejected. */
  properties?: PropertiesInput
  /** Overrides the dispatcher's `actionTrackingId`. */
  trackingId?: string
}

/**
 * Why a record will never be delivered.
 * - `invalid-input`: the service answered `InvalidInputException` for this record alone (after bisection).
 * - `resource-not-found`: the tracker or dataset does not exist (`ResourceNotFoundException`).
 * - `rejected`: another non-retryable client error (for example `AccessDeniedException`).
 * - `retries-exhausted`: a transient error persisted for `retry.maxAttempts` attempts.
 * - `queue-full`: dropped to make room with `overflow: 'drop-oldest'`.
 * - `shutdown-timeout`: still undelivered when `close()`'s deadline passed.
 * - `backlog-full`: a transport with a durable backlog (the Redis tier's `maxBacklog`) refused the batch.
 *
 * @example
 * ```ts
 * const retryLater: DeadLetterReason[] = ['retries-exhausted', 'queue-full', 'shutdown-timeout']
 * ```
 */
export type DeadLetterReason =
  | 'invalid-input'
  | 'resource-not-found'
  | 'rejected'
  | 'retries-exhausted'
  | 'queue-full'
  | 'shutdown-timeout'
  | 'backlog-full'

/**
 * A record that will never be delivered, as it would have been sent. `data` is the wire record (an event, item,
 * user, action or action interaction) with `sentAt`/`timestamp` in epoch seconds and `properties` as a JSON string,
 * so it can be stored and replayed later.
 *
 * @example
 * ```ts
 * const letter: DeadLetter = {
 *   operation: 'PutEvents',
 *   trackingId: 'tid',
 *   sessionId: 's-1',
 *   data: { eventType: 'click', sentAt: 1767323045.678, eventId: '5f0c…' },
 * }
 * ```
 */
export interface DeadLetter {
  operation: Operation
  /** The tracker of PutEvents / PutActionInteractions records. */
  trackingId?: string
  /** The dataset of PutItems / PutUsers / PutActions records. */
  datasetArn?: string
  /** Request-level fields of PutEvents records. */
  sessionId?: string
  userId?: string
  data: Record<string, unknown>
}

/**
 * Called once per group of records that will never be delivered. Errors it throws are logged and ignored.
 *
 * @example
 * ```ts
 * const onDeadLetter: DeadLetterHandler = (records, reason, error) => {
 *   for (const record of records) deadLetterStore.append({ ...record, reason, message: String(error ?? '') })
 * }
 * ```
 */
export type DeadLetterHandler = (records: DeadLetter[], reason: DeadLetterReason, error?: unknown) => void

/**
 * A pino-compatible logger (pino, bunyan-style or `console` all fit). The dispatcher calls it as
 * `logger.warn({ ...context }, '[@personalize-kit/core] message')`. A logger that throws cannot break delivery.
 *
 * @example
 * ```ts
 * import pino from 'pino'
 * const dispatcher = createDispatcher({ trackingId: 'tid', logger: pino({ level: 'info' }) })
 * ```
 */
export interface Logger {
  debug(obj: unknown, msg?: string): void
  info(obj: unknown, msg?: string): void
  warn(obj: unknown, msg?: string): void
  error(obj: unknown, msg?: string): void
}

/**
 * Calls per second per operation (service quotas, per dataset group).
 *
 * @example
 * ```ts
 * createDispatcher({ trackingId: 'tid', rateLimits: { events: 2000 } }) // after a quota increase
 * ```
 */
export interface RateLimits {
  events: number
  items: number
  users: number
  actions: number
  actionInteractions: number
}

/**
 * Retry policy for throttling, 5xx, timeouts and network errors.
 *
 * @example
 * ```ts
 * createDispatcher({ trackingId: 'tid', retry: { maxAttempts: 5, maxDelayMs: 2000 } }) // give up sooner
 * ```
 */
export interface RetryOptions {
  /** Attempts per batch including the first; default 15 (see `DEFAULT_RETRY` for why). */
  maxAttempts?: number
  /** Base of the full-jitter exponential backoff; default 100 ms. */
  baseDelayMs?: number
  /** Base used after throttling; default 500 ms. */
  throttleBaseDelayMs?: number
  /** Cap of one backoff delay; default 20 000 ms. */
  maxDelayMs?: number
}

/**
 * Options of `createDispatcher`. Every field is optional but a target must exist for what you record: a
 * `trackingId` (default or per event) for events, `actionTrackingId` for action interactions, dataset ARNs for
 * items, users and actions.
 *
 * @example
 * ```ts
 * const options: DispatcherOptions = {
 *   trackingId: process.env.PERSONALIZE_TRACKING_ID,
 *   clientConfig: { region: 'us-east-1' },
 *   onDeadLetter: (records, reason) => console.error('lost', records.length, reason),
 * }
 * ```
 */
export interface DispatcherOptions {
  /** Default event tracker for `recordEvent`. */
  trackingId?: string
  /** Tracker for `recordActionInteraction`. */
  actionTrackingId?: string
  datasets?: { items?: string; users?: string; actions?: string }
  /**
   * A client of your own. The dispatcher owns retries, so build it with `maxAttempts: 1`; the dispatcher logs a
   * warning when the client would retry by itself (attempts would multiply).
   */
  client?: PersonalizeEventsClient
  /** Used to build a client (with `maxAttempts: 1`) when `client` is absent. */
  clientConfig?: PersonalizeEventsClientConfig
  /**
   * Where finished batches go instead of the AWS SDK (for example `redisTransport()` from
   * `@personalize-kit/redis`). Excludes `client` and `clientConfig`. Default: `sdkTransport` over `client` or a
   * client built from `clientConfig`.
   */
  transport?: Transport
  /** Latency bound: a group is sent at most this long after its oldest record was accepted. Default 1000. */
  flushIntervalMs?: number
  /** Records held (queued + in flight) at most. Default 10 000. */
  maxQueueSize?: number
  /**
   * Calls in flight at most, across operations. Default 50: the SDK's default socket pool, and what the PutEvents
   * quota needs (1000 calls/s × ~50 ms round trip ≈ 50 in flight, by Little's law).
   */
  concurrency?: number
  /** Calls per second per operation. Defaults: events 1000, items 10, users 10, actions 10, actionInteractions 1000. */
  rateLimits?: Partial<RateLimits>
  retry?: RetryOptions
  /** Per-call timeout; a call that takes longer is aborted and retried. Default 10 000 ms. */
  requestTimeoutMs?: number
  /** What happens when `maxQueueSize` records are held. Default `'reject'`. */
  overflow?: 'reject' | 'drop-oldest'
  onDeadLetter?: DeadLetterHandler
  logger?: Logger
  /** Serverless platforms' `waitUntil` (Vercel, Cloudflare, Next `after`): keeps the function alive until sent. */
  waitUntil?: (promise: Promise<unknown>) => void
  /**
   * OpenTelemetry meter provider; defaults to the global one of `@opentelemetry/api` (a no-op until an SDK
   * registers). `@opentelemetry/api` is an optional peer dependency: without it, nothing is recorded.
   */
  meterProvider?: MeterProvider
  /** Tells several dispatchers of one process apart: the `dispatcher.name` attribute of every metric. Default `'default'`. */
  name?: string
}

/**
 * What a `flush()` or `close()` achieved for the records accepted before the call.
 *
 * @example
 * ```ts
 * const { delivered, deadLettered, deadLetteredByReason } = await dispatcher.flush()
 * ```
 */
export interface FlushReport {
  delivered: number
  deadLettered: number
  /** Dead-lettered records by reason. */
  deadLetteredByReason: Partial<Record<DeadLetterReason, number>>
  /** Records still held when the report was made (accepted after the call, or left by a flush timeout). */
  pending: number
}

/**
 * Counters since creation. At every moment `accepted = delivered + deadLettered + queued + inFlight`.
 *
 * @example
 * ```ts
 * const { queued, inFlight, deadLettered } = dispatcher.stats()
 * ```
 */
export interface DispatcherStats {
  /** Records that passed validation and entered the dispatcher. */
  accepted: number
  /** Waiting to be sent. */
  queued: number
  /** In a call, or waiting to retry one. */
  inFlight: number
  delivered: number
  deadLettered: number
  deadLetteredByReason: Record<DeadLetterReason, number>
  /** Records re-sent after a transient error (counted per record per retry). */
  retried: number
  /** Calls made to the service, including failed ones. */
  calls: number
  /** Records refused by validation (never accepted). */
  invalid: number
  /** Records refused by `overflow: 'reject'` or after `close()` (never accepted). */
  refused: number
  /** Groups currently holding records. */
  groups: number
}

/**
 * The batching dispatcher returned by `createDispatcher`.
 *
 * @example
 * ```ts
 * const dispatcher: Dispatcher = createDispatcher({ trackingId: 'tid' })
 * dispatcher.recordEvent({ sessionId: 's-1', eventType: 'click', itemId: 'sku-42' })
 * await dispatcher.close()
 * ```
 */
export interface Dispatcher {
  /** Validates and queues an item interaction; throws `PersonalizeValidationError`, `PersonalizeQueueFullError` or `PersonalizeClosedError`. */
  recordEvent(input: EventInput): { eventId: string }
  putItem(input: ItemInput): void
  putUser(input: UserInput): void
  putAction(input: ActionInput): void
  recordActionInteraction(input: ActionInteractionInput): { eventId: string }
  /**
   * Resolves when every record accepted before the call is delivered or dead-lettered. Never rejects. With
   * `timeoutMs` (for example a Lambda's remaining time minus a margin) it resolves by then at the latest, with
   * what is still undelivered counted in `pending` (nothing is dropped: the records keep going).
   */
  flush(options?: { timeoutMs?: number }): Promise<FlushReport>
  /** Stops accepting, flushes, and dead-letters what is left at the deadline (default 10 000 ms). Never rejects. */
  close(options?: { timeoutMs?: number }): Promise<FlushReport>
  stats(): DispatcherStats
  /**
   * Records held now (queued + in flight), as `stats()` counts them, without building the stats object: the
   * collector reads it on every request. Optional, so a dispatcher of your own making may leave it out.
   */
  held?(): number
  readonly closed: boolean
  /** The resolved `maxQueueSize`: records held (queued + in flight) at most. */
  readonly maxQueueSize: number
  /** The resolved logger (yours, or the console default), safe to call: it never throws. */
  readonly logger: Logger
}

/**
 * A dispatcher whose `recordEvent` takes only the declared event types (see `EventTypes` and `Register`). It is a `Dispatcher`
 * everywhere one is expected (the Express and Next adapters take it as is).
 *
 * @example
 * ```ts
 * const dispatcher: TypedDispatcher<{ view: undefined }> = createDispatcher<{ view: undefined }>({ trackingId: 'tid' })
 * dispatcher.recordEvent({ sessionId: 's-1', eventType: 'view' })
 * ```
 */
export type TypedDispatcher<E extends EventTypes> = Omit<Dispatcher, 'recordEvent'> & {
  /** Validates and queues an item interaction of a declared type (see `Dispatcher.recordEvent`). */
  recordEvent(input: TypedEventInput<E>): { eventId: string }
}
