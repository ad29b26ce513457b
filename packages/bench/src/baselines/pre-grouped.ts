import { type PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { makeEvent, type Session, toWireEvent } from '../lib/workload'
import type { BaselineResult } from './types'

/** Event numbers per session, cut into calls of at most 10, sessions taking turns (the optimum, in order). */
export function groupIntoCalls(schedule: Uint32Array, sessions: number): number[][] {
  const perSession: number[][] = Array.from({ length: sessions }, () => [])
  for (let n = 0; n < schedule.length; n++) perSession[schedule[n] as number]?.push(n)
  const chunked = perSession.map((list) => {
    const chunks: number[][] = []
    for (let i = 0; i < list.length; i += 10) chunks.push(list.slice(i, i + 10))
    return chunks
  })
  const calls: number[][] = []
  for (let round = 0; ; round++) {
    let any = false
    for (const chunks of chunked) {
      const chunk = chunks[round]
      if (chunk) {
        calls.push(chunk)
        any = true
      }
    }
    if (!any) return calls
  }
}

/**
 * Baseline (c), the ceiling of any batcher built on the SDK: the same events, already perfectly grouped into
 * 10-event calls per session (grouping done before the clock starts), sent with `concurrency` calls in flight.
 */
export async function sendPreGrouped(input: {
  client: PersonalizeEventsClient
  trackingId: string
  sessions: Session[]
  calls: number[][]
  schedule: Uint32Array
  concurrency: number
}): Promise<BaselineResult> {
  const { client, trackingId, sessions, schedule } = input
  let next = 0
  let calls = 0
  let failedCalls = 0
  const lane = async () => {
    while (next < input.calls.length) {
      const numbers = input.calls[next++] as number[]
      const session = sessions[schedule[numbers[0] as number] as number] as Session
      calls++
      try {
        await client.send(
          new PutEventsCommand({
            trackingId,
            sessionId: session.sessionId,
            userId: session.userId,
            eventList: numbers.map((n) => toWireEvent(makeEvent(session, n))),
          }),
        )
      } catch {
        failedCalls++
      }
    }
  }
  await Promise.all(Array.from({ length: input.concurrency }, lane))
  return { calls, failedCalls }
}
