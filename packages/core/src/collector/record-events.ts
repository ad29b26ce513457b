import type { Dispatcher, EventInput, Logger } from '../types'
import { log } from './log'
import type { ClientEvent } from './parse-event'
import type { CollectorOptions, RejectedEvent } from './types'

/** @internal What happened to the events of one request. */
export interface RecordOutcome {
  accepted: string[]
  rejected: RejectedEvent[]
  dropped: number[]
  /** Some events were refused only for capacity and can be retried as they are. */
  retryable: boolean
  /** Set when the dispatcher refused for capacity before anything from this request got in. */
  unavailable?: 'QUEUE_FULL' | 'UNAVAILABLE'
}

/** @internal Inputs of {@link recordEvents}. */
export interface RecordRequest {
  /** The Web request for `transformEvent`'s context, built only if the transform reads it. */
  request: () => Request
  sessionId: string
  serverUserId: string | undefined
  /** The parsed events (each becomes the candidate handed to the dispatcher) and their indexes in the request. */
  events: ClientEvent[]
  indexes: number[]
  /** How many events the browser share of the queue still takes; the rest are refused as retryable. */
  room: number
}

type Policy = Pick<
  CollectorOptions,
  'allowedEventTypes' | 'transformEvent' | 'clockSkewMs' | 'trustClientUserId'
> & { dispatcher: Dispatcher; now: () => number; logger: Logger; clockSkewMs: number }

const LOG_PREFIX = '[@personalize-kit/core]'

/** @internal Applies identity and policy to each parsed event and hands it to the dispatcher. */
export async function recordEvents(input: RecordRequest, policy: Policy): Promise<RecordOutcome> {
  const outcome: RecordOutcome = { accepted: [], rejected: [], dropped: [], retryable: false }
  const skew = policy.clockSkewMs
  for (let i = 0; i < input.events.length; i++) {
    const event = input.events[i] as ClientEvent
    const index = input.indexes[i] as number
    if (policy.allowedEventTypes && !policy.allowedEventTypes.includes(event.eventType)) {
      const allowed = policy.allowedEventTypes.join(', ')
      outcome.rejected.push({
        index,
        issues: [
          {
            path: 'eventType',
            message: `eventType "${event.eventType}" is not allowed (allowed: ${allowed})`,
          },
        ],
      })
      continue
    }
    const userId = input.serverUserId ?? (policy.trustClientUserId ? event.userId : undefined)
    const now = policy.now()
    const sentAt = event.sentAt
    // Clients cannot backdate (or postdate) training data beyond the window; outside it we trust our clock.
    const when = sentAt !== undefined && Math.abs(sentAt - now) <= skew ? sentAt : now
    // The parsed event is the collector's own fresh object: it becomes the candidate in place (no copy), and all
    // candidates share one hidden class, so the dispatcher's validation reads their fields fast.
    event.sessionId = input.sessionId
    event.userId = userId
    event.sentAt = when
    let candidate: EventInput | null | undefined = event
    if (policy.transformEvent) {
      try {
        candidate = await policy.transformEvent(candidate, {
          get request() {
            return input.request()
          },
          sessionId: input.sessionId,
          userId,
          index,
        })
      } catch (error) {
        log(
          policy.logger,
          'error',
          { err: error, index },
          `${LOG_PREFIX} transformEvent threw for event ${index}`,
        )
        outcome.rejected.push({
          index,
          issues: [{ path: '', message: 'transformEvent failed for this event' }],
        })
        continue
      }
      if (!candidate) {
        outcome.dropped.push(index)
        continue
      }
    }
    try {
      if (outcome.accepted.length >= input.room) {
        // Past the browser share of the queue: the same answer as a full queue, the rest is kept for the server.
        if (refuseForCapacity(outcome, index, 'PERSONALIZE_QUEUE_FULL')) return outcome
        continue
      }
      outcome.accepted.push(policy.dispatcher.recordEvent(candidate).eventId)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'PERSONALIZE_VALIDATION') {
        const issues = (error as { issues?: RejectedEvent['issues'] }).issues
        outcome.rejected.push({
          index,
          issues: issues?.length ? issues : [{ path: '', message: String(error) }],
        })
      } else if (code === 'PERSONALIZE_QUEUE_FULL' || code === 'PERSONALIZE_CLOSED') {
        if (refuseForCapacity(outcome, index, code)) return outcome
      } else {
        log(
          policy.logger,
          'error',
          { err: error, index },
          `${LOG_PREFIX} dispatcher.recordEvent failed for event ${index}`,
        )
        outcome.rejected.push({
          index,
          issues: [{ path: '', message: 'internal error recording this event' }],
        })
      }
    }
  }
  return outcome
}

/**
 * Marks a refusal for capacity. Returns true when nothing of the request got in (the whole request is then
 * answered 503); otherwise the event is rejected as retryable and the 202 carries `Retry-After`.
 */
function refuseForCapacity(
  outcome: RecordOutcome,
  index: number,
  code: 'PERSONALIZE_QUEUE_FULL' | 'PERSONALIZE_CLOSED',
): boolean {
  if (outcome.accepted.length === 0) {
    outcome.unavailable = code === 'PERSONALIZE_QUEUE_FULL' ? 'QUEUE_FULL' : 'UNAVAILABLE'
    return true
  }
  const message =
    code === 'PERSONALIZE_QUEUE_FULL'
      ? 'the event queue is full; retry this event later'
      : 'the server is shutting down; retry this event later'
  outcome.rejected.push({ index, issues: [{ path: '', message }] })
  outcome.retryable = true
  return false
}
