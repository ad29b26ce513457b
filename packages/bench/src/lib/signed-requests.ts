import { Readable } from 'node:stream'
import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { BENCH_CREDENTIALS } from './sdk-client'
import { buildSessions, makeEvent, toWireEvent } from './workload'

/** A request exactly as the AWS SDK would put it on the wire (SigV4-signed), for replay by a load generator. */
export interface WireRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}

const bodyText = (body: unknown): string => {
  if (body === undefined) return ''
  if (typeof body === 'string') return body
  const bytes = body as Uint8Array
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
}

/** The canned answer a capturing handler gives the SDK, so that the command resolves instead of failing. */
export interface CannedAnswer {
  headers: Record<string, string>
  body: string
}

/**
 * An AWS SDK `requestHandler` that records each serialised, signed request in `captured` instead of sending it,
 * and answers the SDK with `answer` (an empty 200 by default).
 */
export function capturingRequestHandler(
  captured: WireRequest[],
  answer: CannedAnswer = { headers: {}, body: '' },
): never {
  return {
    handle: async (request: {
      method: string
      path: string
      headers: Record<string, string>
      body?: unknown
    }) => {
      captured.push({
        method: request.method,
        path: request.path,
        // autocannon writes host and content-length itself (the same values); twice would break the request
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(([k]) => k !== 'host' && k !== 'content-length'),
        ),
        body: bodyText(request.body),
      })
      const body = Readable.from(answer.body === '' ? [] : [Buffer.from(answer.body)])
      return { response: { statusCode: 200, headers: { ...answer.headers }, body } }
    },
  } as never
}

/**
 * Builds `count` distinct, valid, signed PutEvents requests of 10 events each, by letting the real SDK serialise
 * and sign them and capturing the result instead of sending it.
 */
export async function buildSignedPutEvents(
  endpoint: string,
  count: number,
  trackingId: string,
): Promise<WireRequest[]> {
  const captured: WireRequest[] = []
  const client = new PersonalizeEventsClient({
    region: 'us-east-1',
    endpoint,
    credentials: BENCH_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: capturingRequestHandler(captured),
  })
  const sessions = buildSessions(count, 7)
  for (let i = 0; i < count; i++) {
    const session = sessions[i] as (typeof sessions)[number]
    const events = Array.from({ length: 10 }, (_, k) => toWireEvent(makeEvent(session, i * 10 + k)))
    await client.send(
      new PutEventsCommand({
        trackingId,
        sessionId: session.sessionId,
        userId: session.userId,
        eventList: events,
      }),
    )
  }
  return captured
}
