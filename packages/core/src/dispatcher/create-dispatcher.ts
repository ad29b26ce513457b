import { announceEmulator } from '../dispatcher-options-from-env-emulator'
import type {
  ActionInput,
  ActionInteractionInput,
  Dispatcher,
  DispatcherOptions,
  DispatcherStats,
  EventInput,
  EventTypes,
  ItemInput,
  Operation,
  RegisteredEvents,
  TypedDispatcher,
  UserInput,
} from '../types'
import { LIMITS } from '../validation/limits'
import { validateActionInteraction } from '../validation/validate-action-interaction'
import { type EntityKind, validateEntity } from '../validation/validate-entity'
import { validateEvent } from '../validation/validate-event'
import { AcceptLog } from './accept-log'
import { Intake } from './accepting'
import { BackoffSleeps } from './backoff-sleeps'
import { createCallQueue } from './call-queue'
import { ConnectionWatch } from './connection-watch'
import { Deadlines } from './deadlines'
import { FlushBarriers } from './flush-barriers'
import { FlushClose } from './flush-close'
import { createDispatcherMetrics } from './metrics'
import { resolveOptions } from './resolve-options'
import { Sender } from './sending'
import { Settlement } from './settling'
import { createState, held as heldIn } from './state'
import { createWaitUntilScheduler } from './wait-until'

const ITEM: EntityKind = {
  name: 'item',
  idField: 'itemId',
  maxProperties: LIMITS.itemProperties,
  datasetOption: 'items',
}
const USER: EntityKind = {
  name: 'user',
  idField: 'userId',
  maxProperties: LIMITS.userProperties,
  datasetOption: 'users',
}
const ACTION: EntityKind = {
  name: 'action',
  idField: 'actionId',
  maxProperties: LIMITS.actionProperties,
  datasetOption: 'actions',
}

/**
 * Creates a batching dispatcher for Personalize Events. Records are validated synchronously, grouped into the
 * fewest calls the API allows (≤ 10 records sharing one trackingId/sessionId/userId or dataset), sent through
 * `@aws-sdk/client-personalize-events` (or your `transport`) under a global concurrency cap and per-operation
 * rate limits, retried with full-jitter backoff when the failure is transient, bisected to isolate records the
 * service rejects, and accounted for: every accepted record is eventually delivered or reported to
 * `onDeadLetter` with a reason.
 *
 * @example
 * ```ts title="server.ts"
 * import { createDispatcher } from '@personalize-kit/core'
 *
 * const dispatcher = createDispatcher({
 *   trackingId: 'my-tracking-id',
 *   clientConfig: { region: 'us-east-1' },
 *   onDeadLetter: (records, reason, error) => console.error(`lost ${records.length}: ${reason}`, error),
 * })
 * const { eventId } = dispatcher.recordEvent({ sessionId: 's-1', userId: 'u-1', eventType: 'click', itemId: 'sku-42' })
 * process.once('SIGTERM', () => void dispatcher.close({ timeoutMs: 10_000 }))
 * ```
 *
 * @example Typed events
 * ```ts
 * type ShopEvents = { view: undefined; purchase: { price: number } }
 * const shop = createDispatcher<ShopEvents>({ trackingId: 'my-tracking-id' })
 * shop.recordEvent({ sessionId: 's-1', eventType: 'purchase', properties: { price: 10 } })
 * // shop.recordEvent({ sessionId: 's-1', eventType: 'purchsae' }) — a type error
 * ```
 * Without a type argument it takes the event types declared through `Register`, when there are any.
 */
export function createDispatcher<E extends EventTypes | undefined = RegisteredEvents>(
  options: DispatcherOptions = {},
): E extends EventTypes ? TypedDispatcher<E> : Dispatcher {
  const config = resolveOptions(options)
  const { logger } = config
  announceEmulator(options, logger)
  const state = createState(config)
  const { counters, groups, timeBase } = state

  const barriers = new FlushBarriers(() => heldIn(state))
  const sleeps = new BackoffSleeps()
  const metrics = createDispatcherMetrics(options.meterProvider, config.name, () => ({
    queued: counters.queued,
    inFlight: counters.inFlight,
    acceptedByOperation: state.acceptedByOperation,
  }))
  const calls = createCallQueue({
    transport: config.transport,
    concurrency: config.concurrency,
    rateLimits: config.rateLimits,
    requestTimeoutMs: config.requestTimeoutMs,
    abortPerCall: config.abortPerCall,
    metrics,
    timeBase,
    onCall: () => {
      counters.calls++
    },
  })
  const log = new AcceptLog()
  const settlement = new Settlement(state, barriers, sleeps, metrics, options.onDeadLetter)
  const connections = new ConnectionWatch(logger, config.endpoint)
  const sender = new Sender(state, calls, settlement, sleeps, metrics, connections)
  const deadlines = new Deadlines(state, log, (group) => sender.pump(group))
  const flushClose = new FlushClose(state, log, barriers, sleeps, calls, deadlines, sender, settlement)
  const waitUntil =
    options.waitUntil === undefined
      ? undefined
      : createWaitUntilScheduler(options.waitUntil, () => flushClose.flush({}), logger)
  const intake = new Intake(state, log, deadlines, sender, settlement, waitUntil)

  function putEntity(
    kind: EntityKind,
    operation: Operation,
    input: Record<string, unknown>,
    defaultArn: string | undefined,
  ): void {
    intake.assertOpen()
    let validated: ReturnType<typeof validateEntity>
    try {
      validated = validateEntity(kind, input, defaultArn)
    } catch (error) {
      counters.invalid++
      throw error
    }
    intake.makeRoom()
    const { record, datasetArn } = validated
    intake.enqueue(groups.otherGroup(operation, datasetArn), record)
  }

  const dispatcher: Dispatcher = {
    recordEvent(input: EventInput): { eventId: string } {
      intake.assertOpen()
      let record: ReturnType<typeof validateEvent>
      try {
        record = validateEvent(input, config.trackingId, timeBase)
      } catch (error) {
        counters.invalid++
        throw error
      }
      intake.makeRoom()
      const trackingId = input.trackingId ?? (config.trackingId as string)
      intake.enqueue(groups.eventGroup(trackingId, input.sessionId, input.userId), record)
      return { eventId: record.eventId }
    },
    recordActionInteraction(input: ActionInteractionInput): { eventId: string } {
      intake.assertOpen()
      const now = Date.now()
      let record: ReturnType<typeof validateActionInteraction>
      try {
        record = validateActionInteraction(input, config.actionTrackingId, now, timeBase)
      } catch (error) {
        counters.invalid++
        throw error
      }
      intake.makeRoom()
      const trackingId = input.trackingId ?? (config.actionTrackingId as string)
      intake.enqueue(groups.otherGroup('PutActionInteractions', trackingId), record)
      return { eventId: record.eventId }
    },
    putItem(input: ItemInput): void {
      putEntity(ITEM, 'PutItems', input as unknown as Record<string, unknown>, config.datasets.items)
    },
    putUser(input: UserInput): void {
      putEntity(USER, 'PutUsers', input as unknown as Record<string, unknown>, config.datasets.users)
    },
    putAction(input: ActionInput): void {
      putEntity(ACTION, 'PutActions', input as unknown as Record<string, unknown>, config.datasets.actions)
    },
    flush: flushClose.flush,
    close: flushClose.close,
    held(): number {
      return heldIn(state)
    },
    stats(): DispatcherStats {
      return { ...counters, deadLetteredByReason: { ...state.deadLetteredByReason }, groups: groups.all.size }
    },
    get closed() {
      return state.closing
    },
    maxQueueSize: config.maxQueueSize,
    logger,
  }
  // Typed events narrow only what callers may pass; at run time every event is validated the same way.
  return dispatcher as E extends EventTypes ? TypedDispatcher<E> : Dispatcher
}
