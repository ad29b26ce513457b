import { type PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { makeEvent, type Session, toWireEvent } from '../lib/workload'
import type { BaselineResult } from './types'

/**
 * Baseline (a), what people write with the bare SDK: one PutEvents per event, `concurrency` sends in flight.
 */
export async function sendOnePerEvent(input: {
  client: PersonalizeEventsClient
  trackingId: string
  sessions: Session[]
  schedule: Uint32Array
  concurrency: number
}): Promise<BaselineResult> {
  const { client, trackingId, sessions, schedule } = input
  let next = 0
  let calls = 0
  let failedCalls = 0
  const lane = async () => {
    while (next < schedule.length) {
      const n = next++
      const session = sessions[schedule[n] as number] as Session
      const event = makeEvent(session, n)
      calls++
      try {
        await client.send(
          new PutEventsCommand({
            trackingId,
            sessionId: event.sessionId,
            userId: event.userId,
            eventList: [toWireEvent(event)],
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
