import type { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events'
import PQueue from 'p-queue'
import type { Operation, RateLimits } from '../types'
import type { Group } from './group'
import type { DispatcherMetrics } from './metrics'
import type { AnyRecord } from './records'
import { unref } from './timers'
import { type AnyCommand, buildCommand } from './wire'

export interface CallQueueOptions {
  client: PersonalizeEventsClient
  concurrency: number
  rateLimits: RateLimits
  requestTimeoutMs: number
  metrics: DispatcherMetrics
  timeBase: number
  /** Called as each call starts (the dispatcher counts calls). */
  onCall: () => void
}

/**
 * Where calls wait for capacity. A call takes a rate slot of its operation (a sliding one-second window), then a
 * slot of the global concurrency cap, so a slow operation (PutItems at 10/s) never holds global slots while it
 * waits for its rate. Each call is aborted after `requestTimeoutMs`, or by `abortAll()` at the close deadline.
 */
export function createCallQueue(options: CallQueueOptions) {
  const { client, metrics, timeBase } = options
  const queueOptions = (rate: number) => ({
    concurrency: options.concurrency,
    ...(Number.isFinite(rate) ? { intervalCap: rate, interval: 1000, strict: true } : {}),
  })
  const global = new PQueue({ concurrency: options.concurrency })
  const byOperation: Record<Operation, PQueue> = {
    PutEvents: new PQueue(queueOptions(options.rateLimits.events)),
    PutItems: new PQueue(queueOptions(options.rateLimits.items)),
    PutUsers: new PQueue(queueOptions(options.rateLimits.users)),
    PutActions: new PQueue(queueOptions(options.rateLimits.actions)),
    PutActionInteractions: new PQueue(queueOptions(options.rateLimits.actionInteractions)),
  }
  const controllers = new Set<AbortController>()
  let aborted: unknown

  async function run(group: Group, part: AnyRecord[]): Promise<void> {
    if (aborted !== undefined) throw aborted
    // Built only now: a batch waiting for a slot holds its compact records, not wire objects.
    const command = buildCommand(group, part, timeBase)
    options.onCall()
    const controller = new AbortController()
    controllers.add(controller)
    const timeout = unref(setTimeout(() => controller.abort(), options.requestTimeoutMs))
    const started = performance.now()
    try {
      await sendOrAbort(client, command, controller.signal)
      metrics.call(group.operation, part.length, performance.now() - started, 'success')
    } catch (error) {
      metrics.call(group.operation, part.length, performance.now() - started, 'error')
      throw error
    } finally {
      clearTimeout(timeout)
      controllers.delete(controller)
    }
  }

  return {
    /** Sends one batch when capacity allows; rejects with the service's (or the transport's) error. */
    call(group: Group, part: AnyRecord[]): Promise<void> {
      return byOperation[group.operation].add(() => global.add(() => run(group, part)))
    },
    /** Aborts calls in flight; calls still waiting never start (their callers are settled by the dispatcher). */
    abortAll(reason: unknown): void {
      aborted = reason
      for (const controller of [...controllers]) controller.abort(reason)
      global.clear()
      for (const queue of Object.values(byOperation)) queue.clear()
    },
  }
}

/**
 * Sends `command`, settling no later than `signal` aborts even if the client's transport ignores the signal: a
 * flush must never hang on a connection that never answers.
 */
function sendOrAbort(
  client: PersonalizeEventsClient,
  command: AnyCommand,
  signal: AbortSignal,
): Promise<unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: one send() for five command types
  const sent: Promise<unknown> = client.send(command as any, { abortSignal: signal })
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    sent.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
