import type { Dispatcher, EventInput } from '../types'
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
  request: Request
  sessionId: string
  serverUserId: string | undefined
  events: Array<{ index: number; event: ClientEvent }>
}

type Policy = Pick<
  CollectorOptions,
  'allowedEventTypes' | 'transformEvent' | 'clockSkewMs' | 'trustClientUserId'
> & { dispatcher: Dispatcher; now: () => number }

const LOG_PREFIX = '[@personalize-kit/core]'

/** @internal Applies identity and policy to each parsed event and hands it to the dispatcher. */
export async function recordEvents(input: RecordRequest, policy: Policy): Promise<RecordOutcome> {
  const outcome: RecordOutcome = { accepted: [], rejected: [], dropped: [], retryable: false }
  const skew = policy.clockSkewMs ?? 600_000
  for (const { index, event } of input.events) {
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
    const { userId: clientUserId, sentAt, ...rest } = event
    const userId = input.serverUserId ?? (policy.trustClientUserId ? clientUserId : undefined)
    const now = policy.now()
    // Clients cannot backdate (or postdate) training data beyond the window; outside it we trust our clock.
    const when = sentAt !== undefined && Math.abs(sentAt - now) <= skew ? sentAt : now
    let candidate: EventInput | null | undefined = { ...rest, sessionId: input.sessionId, sentAt: when }
    if (userId !== undefined) candidate.userId = userId
    if (policy.transformEvent) {
      try {
        candidate = await policy.transformEvent(candidate, {
          request: input.request,
          sessionId: input.sessionId,
          userId,
          index,
        })
      } catch (error) {
        console.error(`${LOG_PREFIX} transformEvent threw for event ${index}:`, error)
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
        const unavailable = code === 'PERSONALIZE_QUEUE_FULL' ? 'QUEUE_FULL' : 'UNAVAILABLE'
        if (outcome.accepted.length === 0) return { ...outcome, unavailable }
        // Some events of this request are already queued: answer 202 and mark the rest retryable.
        const message =
          code === 'PERSONALIZE_QUEUE_FULL'
            ? 'the event queue is full; retry this event later'
            : 'the server is shutting down; retry this event later'
        outcome.rejected.push({ index, issues: [{ path: '', message }] })
        outcome.retryable = true
      } else {
        console.error(`${LOG_PREFIX} dispatcher.recordEvent failed for event ${index}:`, error)
        outcome.rejected.push({
          index,
          issues: [{ path: '', message: 'internal error recording this event' }],
        })
      }
    }
  }
  return outcome
}
