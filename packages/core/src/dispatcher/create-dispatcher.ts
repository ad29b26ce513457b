import { PersonalizeClosedError, PersonalizeQueueFullError } from '../errors'
import type {
  ActionInput,
  ActionInteractionInput,
  DeadLetterReason,
  Dispatcher,
  DispatcherOptions,
  DispatcherStats,
  EventInput,
  FlushReport,
  ItemInput,
  Operation,
  UserInput,
} from '../types'
import { LIMITS } from '../validation/limits'
import { validateActionInteraction } from '../validation/validate-action-interaction'
import { type EntityKind, validateEntity } from '../validation/validate-entity'
import { validateEvent } from '../validation/validate-event'
import { fullJitterDelay } from './backoff'
import { BackoffSleeps } from './backoff-sleeps'
import { createCallQueue } from './call-queue'
import { classifyError, errorMessage } from './classify-error'
import { DISPATCHER_DEFAULTS } from './defaults'
import { FlushBarriers } from './flush-barriers'
import { dropHead, type Group, isQueued, queuedCount, takeRecords } from './group'
import { GroupIndex } from './group-index'
import { createDispatcherMetrics } from './metrics'
import type { AnyRecord } from './records'
import { resolveOptions } from './resolve-options'
import { type Timer, unref } from './timers'
import { toDeadLetters } from './wire'

const PREFIX = '[@personalize-kit/core]'
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

/** One call's worth of records of a group, split further while bisecting an `InvalidInputException`. */
interface Batch {
  group: Group
  /** Parts still to deliver, in order; the first is being sent. */
  parts: AnyRecord[][]
  /** Set at the close deadline: its records were dead-lettered and late results are ignored. */
  abandoned: boolean
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'bisect'; error: unknown }
  | { kind: 'dead'; reason: DeadLetterReason; error: unknown }

/**
 * Creates a batching dispatcher for Personalize Events. Records are validated synchronously, grouped into the
 * fewest calls the API allows (≤ 10 records sharing one trackingId/sessionId/userId or dataset), sent through
 * `@aws-sdk/client-personalize-events` under a global concurrency cap and per-operation rate limits, retried
 * with full-jitter backoff when the failure is transient, bisected to isolate records the service rejects, and
 * accounted for: every accepted record is eventually delivered or reported to `onDeadLetter` with a reason.
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
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const config = resolveOptions(options)
  const { client, logger, retry } = config
  const interval = config.flushIntervalMs
  const onDeadLetter = options.onDeadLetter
  const waitUntil = options.waitUntil

  const groups = new GroupIndex()
  // Record times are kept relative to this (see records.ts).
  const timeBase = Date.now()
  // Every accepted record in acceptance order (so `at` is non-decreasing), with its group. `dropIndex` finds the
  // oldest queued record for 'drop-oldest'; `dueIndex` walks deadlines. Both skip records that left the queue.
  let fifoRecords: AnyRecord[] = []
  let fifoGroups: Group[] = []
  let dropIndex = 0
  let dueIndex = 0
  let compactAt = 1024

  let nextSeq = 0
  /** Records with a smaller seq were accepted before a pending `flush()` and are due now. */
  let flushSeq = 0
  let closing = false
  let closePromise: Promise<FlushReport> | undefined
  let timer: Timer | undefined
  let waitUntilPromise: Promise<unknown> | undefined
  let overflowUnlogged = 0
  let overflowLoggedAt = Number.NEGATIVE_INFINITY

  const counters = {
    accepted: 0,
    queued: 0,
    inFlight: 0,
    delivered: 0,
    deadLettered: 0,
    retried: 0,
    calls: 0,
    invalid: 0,
    refused: 0,
  }
  const deadLetteredByReason: Record<DeadLetterReason, number> = {
    'invalid-input': 0,
    'resource-not-found': 0,
    rejected: 0,
    'retries-exhausted': 0,
    'queue-full': 0,
    'shutdown-timeout': 0,
  }
  const barriers = new FlushBarriers(() => counters.queued + counters.inFlight)
  const batches = new Set<Batch>()
  const sleeps = new BackoffSleeps()
  let expired = false

  const acceptedByOperation: Record<Operation, number> = {
    PutEvents: 0,
    PutItems: 0,
    PutUsers: 0,
    PutActions: 0,
    PutActionInteractions: 0,
  }
  const metrics = createDispatcherMetrics(options.meterProvider, () => ({
    queued: counters.queued,
    inFlight: counters.inFlight,
    acceptedByOperation,
  }))
  const calls = createCallQueue({
    client,
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

  // ---- accepting ------------------------------------------------------------------------------------------

  function assertOpen(): void {
    if (closing) {
      counters.refused++
      throw new PersonalizeClosedError()
    }
  }

  function makeRoom(): void {
    // A loop, not an if: onDeadLetter may record again while a drop is reported.
    while (counters.queued + counters.inFlight >= config.maxQueueSize) {
      if (config.overflow === 'drop-oldest' && dropOldest()) continue
      counters.refused++
      throw new PersonalizeQueueFullError(config.maxQueueSize)
    }
  }

  function enqueue(group: Group, record: AnyRecord, now: number): void {
    record.seq = nextSeq++
    record.at = now - timeBase
    group.records.push(record)
    fifoRecords.push(record)
    fifoGroups.push(group)
    counters.accepted++
    counters.queued++
    acceptedByOperation[group.operation]++
    if (fifoRecords.length >= compactAt) compactFifo()
    if (queuedCount(group) >= LIMITS.batch) pump(group)
    // Whenever a record waits, a deadline timer must be armed: a full group whose batch is still in flight keeps
    // its newest records queued, and they too must leave within flushIntervalMs.
    if (timer === undefined && isQueued(group, record)) armTimer(record.at)
    if (waitUntil !== undefined) scheduleWaitUntil()
  }

  // ---- deadlines ------------------------------------------------------------------------------------------

  function armTimer(acceptedAt: number): void {
    const delay = Math.max(0, timeBase + acceptedAt + interval - Date.now())
    timer = unref(setTimeout(onTimer, delay))
  }

  function onTimer(): void {
    timer = undefined
    const now = Date.now() - timeBase
    while (dueIndex < fifoRecords.length) {
      const record = fifoRecords[dueIndex]!
      const group = fifoGroups[dueIndex]!
      if (!isQueued(group, record)) {
        dueIndex++
        continue
      }
      if (record.at + interval > now) {
        armTimer(record.at)
        return
      }
      if (group.dueSeq < record.seq) group.dueSeq = record.seq
      dueIndex++
      pump(group)
    }
  }

  /** Drops FIFO entries that left the queue, keeping memory proportional to what is held. */
  function compactFifo(): void {
    const records: AnyRecord[] = []
    const owners: Group[] = []
    let newDue = 0
    for (let i = 0; i < fifoRecords.length; i++) {
      const record = fifoRecords[i]!
      const group = fifoGroups[i]!
      if (!isQueued(group, record)) continue
      if (i < dueIndex) newDue++
      records.push(record)
      owners.push(group)
    }
    fifoRecords = records
    fifoGroups = owners
    dueIndex = newDue
    dropIndex = 0
    compactAt = Math.max(1024, records.length * 2)
  }

  function dropOldest(): boolean {
    while (dropIndex < fifoRecords.length) {
      const record = fifoRecords[dropIndex]!
      const group = fifoGroups[dropIndex]!
      dropIndex++
      if (!isQueued(group, record)) continue
      // The oldest queued record overall is the head of its group: records leave a group only from its head.
      dropHead(group)
      settleDead(group, [record], 'queue-full', undefined, true)
      if (!group.busy && queuedCount(group) === 0) groups.delete(group)
      return true
    }
    return false
  }

  // ---- sending --------------------------------------------------------------------------------------------

  function pump(group: Group): void {
    if (group.busy) return
    const head = group.records[group.head]
    if (head === undefined) {
      groups.delete(group)
      return
    }
    if (closing || head.seq < flushSeq || head.seq <= group.dueSeq || queuedCount(group) >= LIMITS.batch) {
      const records = takeRecords(group, LIMITS.batch)
      counters.queued -= records.length
      counters.inFlight += records.length
      group.busy = true
      const batch: Batch = { group, parts: [records], abandoned: false }
      batches.add(batch)
      void deliver(batch)
    }
  }

  async function deliver(batch: Batch): Promise<void> {
    const { group } = batch
    try {
      while (batch.parts.length > 0) {
        const part = batch.parts[0]!
        const outcome = await sendWithRetries(group, part, batch)
        if (batch.abandoned) return
        batch.parts.shift()
        if (outcome.kind === 'ok') {
          settleDelivered(group, part)
        } else if (outcome.kind === 'bisect') {
          if (part.length === 1) settleDead(group, part, 'invalid-input', outcome.error)
          else {
            // Split in halves, in order: the valid half goes through, the invalid one is split again.
            const middle = Math.ceil(part.length / 2)
            batch.parts.unshift(part.slice(0, middle), part.slice(middle))
          }
        } else {
          settleDead(group, part, outcome.reason, outcome.error)
        }
      }
    } catch (error) {
      // Only a bug gets here; still account for every record.
      logger.error({ err: error }, `${PREFIX} unexpected error while delivering a batch`)
      if (!batch.abandoned)
        for (const part of batch.parts.splice(0)) settleDead(group, part, 'rejected', error)
    } finally {
      batches.delete(batch)
      if (!batch.abandoned) {
        group.busy = false
        pump(group)
      }
    }
  }

  async function sendWithRetries(group: Group, part: AnyRecord[], batch: Batch): Promise<Outcome> {
    for (let attempt = 1; ; attempt++) {
      let error: unknown
      try {
        await calls.call(group, part)
        return { kind: 'ok' }
      } catch (caught) {
        error = caught
      }
      if (batch.abandoned || expired) return { kind: 'dead', reason: 'shutdown-timeout', error }
      const action = classifyError(error)
      if (action.kind === 'bisect') return { kind: 'bisect', error }
      if (action.kind === 'dead') return { kind: 'dead', reason: action.reason, error }
      if (attempt >= retry.maxAttempts) return { kind: 'dead', reason: 'retries-exhausted', error }
      counters.retried += part.length
      metrics.retried(group.operation, part.length)
      const base = action.throttled ? retry.throttleBaseDelayMs : retry.baseDelayMs
      const delay = fullJitterDelay(attempt, base, retry.maxDelayMs, Math.random)
      logger.debug(
        {
          operation: group.operation,
          records: part.length,
          attempt,
          delayMs: delay,
          error: errorMessage(error),
        },
        `${PREFIX} call failed, retrying`,
      )
      if (!expired) await sleeps.sleep(delay)
      if (batch.abandoned || expired) return { kind: 'dead', reason: 'shutdown-timeout', error }
    }
  }

  // ---- settling -------------------------------------------------------------------------------------------

  function settleDelivered(group: Group, records: AnyRecord[]): void {
    counters.inFlight -= records.length
    counters.delivered += records.length
    metrics.delivered(group.operation, records.length)
    settleBarriers(records, undefined)
  }

  /** Dead-letters records that were in flight or, with `fromQueue`, records the caller just took off the queue. */
  function settleDead(
    group: Group,
    records: AnyRecord[],
    reason: DeadLetterReason,
    cause: unknown,
    fromQueue = false,
  ): void {
    if (fromQueue) counters.queued -= records.length
    else counters.inFlight -= records.length
    counters.deadLettered += records.length
    deadLetteredByReason[reason] += records.length
    metrics.deadLettered(group.operation, reason, records.length)
    // Barriers first: the handler may call flush() or record again, and must see consistent books.
    settleBarriers(records, reason)
    logDeadLetters(group.operation, reason, records.length, cause)
    if (onDeadLetter !== undefined) {
      const letters = toDeadLetters(group, records, timeBase)
      try {
        onDeadLetter(letters, reason, cause)
      } catch (handlerError) {
        logger.error({ err: handlerError }, `${PREFIX} onDeadLetter threw`)
      }
    }
  }

  /**
   * Logs dead letters. Overflow drops one record at a time, possibly thousands per second, so 'queue-full' is
   * summarised at most once a second instead of writing a line per record.
   */
  function logDeadLetters(
    operation: Operation,
    reason: DeadLetterReason,
    count: number,
    cause: unknown,
  ): void {
    if (reason === 'queue-full') {
      overflowUnlogged += count
      const now = Date.now()
      if (now - overflowLoggedAt < 1000) return
      count = overflowUnlogged
      overflowUnlogged = 0
      overflowLoggedAt = now
    }
    logger.warn(
      { operation, reason, records: count, error: cause === undefined ? undefined : errorMessage(cause) },
      `${PREFIX} ${count} record(s) dead-lettered: ${reason}`,
    )
  }

  function settleBarriers(records: AnyRecord[], reason: DeadLetterReason | undefined): void {
    if (barriers.active) barriers.settle(records, reason)
    if (!barriers.active) sleeps.hold(false)
  }

  // ---- flush / close --------------------------------------------------------------------------------------

  function flush(flushOptions: { timeoutMs?: number } = {}): Promise<FlushReport> {
    const promise = barriers.wait(nextSeq, counters.queued + counters.inFlight, flushOptions.timeoutMs)
    if (!barriers.active) return promise
    sleeps.hold(true)
    flushSeq = nextSeq
    for (const group of groups.all) pump(group)
    return promise
  }

  function expire(): void {
    expired = true
    calls.abortAll(new Error('[@personalize-kit/core] close() deadline passed'))
    sleeps.wakeAll()
    for (const batch of [...batches]) {
      batch.abandoned = true
      batches.delete(batch)
      batch.group.busy = false
      for (const part of batch.parts.splice(0)) settleDead(batch.group, part, 'shutdown-timeout', undefined)
    }
    for (const group of [...groups.all]) {
      const records = takeRecords(group, Number.POSITIVE_INFINITY)
      groups.delete(group)
      if (records.length > 0) settleDead(group, records, 'shutdown-timeout', undefined, true)
    }
  }

  function close(closeOptions: { timeoutMs?: number } = {}): Promise<FlushReport> {
    if (closePromise !== undefined) return closePromise
    closing = true
    const timeoutMs = closeOptions.timeoutMs ?? DISPATCHER_DEFAULTS.closeTimeoutMs
    closePromise = (async () => {
      const deadline = unref(setTimeout(expire, Math.max(0, timeoutMs)))
      const report = await flush({})
      clearTimeout(deadline)
      if (overflowUnlogged > 0) {
        logger.warn(
          { reason: 'queue-full', records: overflowUnlogged },
          `${PREFIX} ${overflowUnlogged} record(s) dead-lettered: queue-full`,
        )
        overflowUnlogged = 0
      }
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (config.ownsClient) {
        try {
          client.destroy()
        } catch (error) {
          logger.debug({ err: error }, `${PREFIX} client.destroy() threw`)
        }
      }
      fifoRecords = []
      fifoGroups = []
      dueIndex = 0
      dropIndex = 0
      return report
    })()
    return closePromise
  }

  function scheduleWaitUntil(): void {
    if (waitUntilPromise === undefined) {
      // Records of one synchronous burst (one request handler) share a flush, started once the burst ends.
      waitUntilPromise = new Promise<unknown>((resolve) => {
        queueMicrotask(() => {
          waitUntilPromise = undefined
          flush({}).then(resolve)
        })
      })
    }
    try {
      waitUntil?.(waitUntilPromise)
    } catch (error) {
      logger.debug({ err: error }, `${PREFIX} waitUntil threw (called outside a request?)`)
    }
  }

  return {
    recordEvent(input: EventInput): { eventId: string } {
      assertOpen()
      const now = Date.now()
      let record: ReturnType<typeof validateEvent>
      try {
        record = validateEvent(input, config.trackingId, now, timeBase)
      } catch (error) {
        counters.invalid++
        throw error
      }
      makeRoom()
      const trackingId = input.trackingId ?? (config.trackingId as string)
      enqueue(groups.eventGroup(trackingId, input.sessionId, input.userId), record, now)
      return { eventId: record.eventId }
    },
    recordActionInteraction(input: ActionInteractionInput): { eventId: string } {
      assertOpen()
      const now = Date.now()
      let record: ReturnType<typeof validateActionInteraction>
      try {
        record = validateActionInteraction(input, config.actionTrackingId, now, timeBase)
      } catch (error) {
        counters.invalid++
        throw error
      }
      makeRoom()
      const trackingId = input.trackingId ?? (config.actionTrackingId as string)
      enqueue(groups.otherGroup('PutActionInteractions', trackingId), record, now)
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
    flush,
    close,
    stats(): DispatcherStats {
      return { ...counters, deadLetteredByReason: { ...deadLetteredByReason }, groups: groups.all.size }
    },
    get closed() {
      return closing
    },
  }

  function putEntity(
    kind: EntityKind,
    operation: Operation,
    input: Record<string, unknown>,
    defaultArn: string | undefined,
  ): void {
    assertOpen()
    const now = Date.now()
    let validated: ReturnType<typeof validateEntity>
    try {
      validated = validateEntity(kind, input, defaultArn)
    } catch (error) {
      counters.invalid++
      throw error
    }
    makeRoom()
    const { record, datasetArn } = validated
    enqueue(groups.otherGroup(operation, datasetArn), record, now)
  }
}
