import PQueue from 'p-queue'
import type { Transport } from '../transport/transport'
import type { Operation, RateLimits } from '../types'
import { ConcurrencyLimit } from './concurrency-limit'
import type { Group } from './group'
import { MAX_TIMER_MS } from './long-timeout'
import type { DispatcherMetrics } from './metrics'
import type { AnyRecord } from './records'
import { type Timer, unref } from './timers'
import { buildCall } from './wire'

export interface CallQueueOptions {
  transport: Transport
  concurrency: number
  rateLimits: RateLimits
  requestTimeoutMs: number
  /**
   * Abort each call's request through its own `AbortSignal`. Not needed when the SDK client's own request handler
   * already times requests out (a client the dispatcher built); an `AbortController` per call costs more CPU than
   * a whole batched call's serialisation.
   */
  abortPerCall: boolean
  metrics: DispatcherMetrics
  timeBase: number
  /** Called as each call starts (the dispatcher counts calls). */
  onCall: () => void
}

/** A call in flight, settled by its response, its deadline or `abortAll()`, whichever comes first. */
interface InFlight {
  deadline: number
  /** Rejects the call unless it already settled; returns whether it did. */
  fail: (error: unknown) => boolean
  settled: boolean
}

/**
 * Where calls wait for capacity. A call takes a rate slot of its operation (a sliding one-second window), then a
 * slot of the global concurrency cap, so a slow operation (PutItems at 10/s) never holds global slots while it
 * waits for its rate. Each call is settled no later than `requestTimeoutMs` after it starts, or by `abortAll()`
 * at the close deadline, even if the client's transport never answers.
 */
export function createCallQueue(options: CallQueueOptions) {
  const { transport, metrics, timeBase, requestTimeoutMs, abortPerCall } = options
  const global = new ConcurrencyLimit(options.concurrency)
  // An unlimited operation skips its rate queue: a second p-queue hop per call is pure overhead. A transport with
  // a shared limiter downstream (the Redis relay) is limited there, not here.
  const rateQueue = (rate: number) =>
    Number.isFinite(rate) && transport.sharedRateLimit !== true
      ? new PQueue({ concurrency: options.concurrency, intervalCap: rate, interval: 1000, strict: true })
      : undefined
  const byOperation: Record<Operation, PQueue | undefined> = {
    PutEvents: rateQueue(options.rateLimits.events),
    PutItems: rateQueue(options.rateLimits.items),
    PutUsers: rateQueue(options.rateLimits.users),
    PutActions: rateQueue(options.rateLimits.actions),
    PutActionInteractions: rateQueue(options.rateLimits.actionInteractions),
  }
  // Calls in start order. The timeout is the same for all, so deadlines are in order too and one timer, armed
  // for the oldest unsettled call, replaces a timer per call. Deadlines are on the monotonic clock.
  let inFlight: InFlight[] = []
  let inFlightHead = 0
  let deadlineTimer: Timer | undefined
  let aborted: unknown

  function armDeadline(): void {
    while (inFlightHead < inFlight.length && inFlight[inFlightHead]!.settled) inFlightHead++
    if (inFlightHead >= 1024 && inFlightHead * 2 >= inFlight.length) {
      inFlight = inFlight.slice(inFlightHead)
      inFlightHead = 0
    }
    const oldest = inFlight[inFlightHead]
    if (oldest === undefined) return
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, oldest.deadline - performance.now()))
    deadlineTimer = unref(setTimeout(onDeadline, delay))
  }

  function onDeadline(): void {
    deadlineTimer = undefined
    const now = performance.now()
    while (inFlightHead < inFlight.length) {
      const call = inFlight[inFlightHead]!
      if (!call.settled && call.deadline > now) break
      inFlightHead++
      // Only a call still waiting gets an error: building one (with its stack) for each call that already
      // settled cost more than the call's own bookkeeping.
      if (!call.settled) call.fail(timeoutError(requestTimeoutMs))
    }
    armDeadline()
  }

  function run(group: Group, part: AnyRecord[]): Promise<void> {
    if (aborted !== undefined) return Promise.reject(aborted)
    // Built only now: a batch waiting for a slot holds its compact records, not wire objects.
    const transportCall = buildCall(group, part, timeBase)
    options.onCall()
    const controller = abortPerCall ? new AbortController() : undefined
    const started = performance.now()
    let sent: Promise<unknown>
    try {
      sent = transport.send(
        transportCall,
        controller === undefined ? NO_SIGNAL : { signal: controller.signal },
      )
    } catch (error) {
      // A transport that throws instead of rejecting still fails only this call.
      sent = Promise.reject(error)
    }
    return new Promise<void>((resolve, reject) => {
      const call: InFlight = {
        deadline: started + requestTimeoutMs,
        settled: false,
        fail(error) {
          if (call.settled) return false
          call.settled = true
          controller?.abort(error)
          metrics.call(group.operation, part.length, performance.now() - started, error)
          reject(error)
          return true
        },
      }
      sent.then(() => {
        if (call.settled) return
        call.settled = true
        metrics.call(group.operation, part.length, performance.now() - started, undefined)
        resolve()
      }, call.fail)
      inFlight.push(call)
      if (deadlineTimer === undefined) armDeadline()
    })
  }

  return {
    /** Sends one batch when capacity allows; rejects with the service's (or the transport's) error. */
    call(group: Group, part: AnyRecord[]): Promise<void> {
      const rate = byOperation[group.operation]
      if (rate === undefined) return global.add(() => run(group, part))
      return rate.add(() => global.add(() => run(group, part)))
    },
    /** Aborts calls in flight; calls still waiting never start (their callers are settled by the dispatcher). */
    abortAll(reason: unknown): void {
      aborted = reason
      if (deadlineTimer !== undefined) clearTimeout(deadlineTimer)
      deadlineTimer = undefined
      const calls = inFlight.slice(inFlightHead)
      inFlight = []
      inFlightHead = 0
      for (const call of calls) call.fail(reason)
      global.clear()
      for (const queue of Object.values(byOperation)) queue?.clear()
    },
  }
}

const NO_SIGNAL: { signal?: AbortSignal } = Object.freeze({})

function timeoutError(ms: number): Error {
  return Object.assign(new Error(`[@personalize-kit/core] call timed out after ${ms} ms`), {
    name: 'TimeoutError',
  })
}

/**
 * The request handler options of a client the dispatcher builds itself: the handler times each request out and
 * destroys its socket, so no per-call `AbortController` is needed.
 */
export function ownRequestHandler(requestTimeoutMs: number) {
  return { requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true }
}

/** The call queue of one dispatcher. */
export type CallQueue = ReturnType<typeof createCallQueue>
