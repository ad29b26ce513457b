import { type PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { type BenchEvent, toWireEvent } from '../lib/workload'
import type { BaselineResult } from './types'

/**
 * Baseline (b), Amplify's approach to Personalize (our own implementation of it, written from its description):
 * one buffer shared by all sessions; when it holds `flushSize` events, or every `flushIntervalMs`, its contents are
 * grouped by (trackingId, sessionId, userId) and each group goes out as one PutEvents call, all groups at once and
 * without re-chunking, with no limit on calls in flight. We use the API's maximum of 10 for `flushSize` (Amplify's
 * own off-by-one, a buffer of 11, would send 11-event calls that the service rejects).
 */
export function createSessionGroupingBuffer(input: {
  client: PersonalizeEventsClient
  trackingId: string
  flushSize?: number
  flushIntervalMs?: number
}) {
  const { client, trackingId } = input
  const flushSize = input.flushSize ?? 10
  let buffer: BenchEvent[] = []
  const pending = new Set<Promise<unknown>>()
  const result: BaselineResult = { calls: 0, failedCalls: 0 }

  const submit = (events: BenchEvent[]) => {
    const groups = new Map<string, BenchEvent[]>()
    for (const event of events) {
      const key = `${trackingId}#${event.sessionId}#${event.userId ?? ''}`
      const group = groups.get(key)
      if (group) group.push(event)
      else groups.set(key, [event])
    }
    for (const group of groups.values()) {
      const first = group[0] as BenchEvent
      result.calls++
      const sent = client
        .send(
          new PutEventsCommand({
            trackingId,
            sessionId: first.sessionId,
            userId: first.userId,
            eventList: group.map(toWireEvent),
          }),
        )
        .catch((error: unknown) => {
          // Amplify swallows these (Promise.allSettled, nothing logged); the bench counts them.
          result.failedCalls++
          const name = error instanceof Error ? error.name : 'unknown'
          result.errors = { ...result.errors, [name]: (result.errors?.[name] ?? 0) + 1 }
        })
        .finally(() => pending.delete(sent))
      pending.add(sent)
    }
  }

  const flushAll = () => {
    const all = buffer
    buffer = []
    if (all.length > 0) submit(all)
  }

  const timer = setInterval(() => {
    const head = buffer.splice(0, flushSize)
    if (head.length > 0) submit(head)
  }, input.flushIntervalMs ?? 5000)
  timer.unref()

  return {
    record(event: BenchEvent): void {
      buffer.push(event)
      if (buffer.length >= flushSize) flushAll()
    },
    /** Like Amplify's `flushEvents()`, then waits for every call to settle. */
    async drain(): Promise<BaselineResult> {
      flushAll()
      while (pending.size > 0) await Promise.allSettled([...pending])
      return result
    },
    close(): void {
      clearInterval(timer)
    },
  }
}
