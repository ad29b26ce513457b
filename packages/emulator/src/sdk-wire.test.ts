import {
  InvalidInputException,
  PersonalizeEventsClient,
  PersonalizeEventsServiceException,
  PutActionInteractionsCommand,
  PutActionsCommand,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
} from '@aws-sdk/client-personalize-events'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

let emulator: Emulator
let client: PersonalizeEventsClient
const ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS'

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
  client = new PersonalizeEventsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
})
afterAll(async () => {
  client.destroy()
  await emulator.stop()
})
beforeEach(() => emulator.reset())

describe('the real AWS SDK against the emulator', () => {
  it('stores a PutEvents batch and returns the request id in $metadata', async () => {
    const out = await client.send(
      new PutEventsCommand({
        trackingId: 'tid-1',
        sessionId: 's1',
        userId: 'u1',
        eventList: [
          {
            eventType: 'click',
            sentAt: new Date('2026-01-02T03:04:05.678Z'),
            itemId: 'i1',
            properties: { a: 1 },
          },
          { eventType: 'view', sentAt: new Date('2026-01-02T03:04:06Z'), eventId: 'e2' },
        ],
      }),
    )
    expect(out.$metadata.httpStatusCode).toBe(200)
    const records = emulator.records()
    expect(records).toHaveLength(2)
    expect(out.$metadata.requestId).toBe(records[0]?.requestId)
    expect(records[0]).toMatchObject({
      operation: 'PutEvents',
      trackingId: 'tid-1',
      sessionId: 's1',
      userId: 'u1',
      eventType: 'click',
      itemId: 'i1',
      duplicateEventId: false,
      data: { eventType: 'click', sentAt: 1767323045.678, itemId: 'i1', properties: '{"a":1}' },
    })
    expect(emulator.requests()[0]?.signature?.status).toBe('valid')
  })

  it('throws the modelled InvalidInputException naming every violated field, storing nothing', async () => {
    const error = await client
      .send(
        new PutEventsCommand({
          trackingId: 'tid-1',
          sessionId: '',
          eventList: [
            { eventType: 'click', sentAt: new Date() },
            { eventType: 'x'.repeat(257), sentAt: new Date() },
          ],
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidInputException)
    const e = error as InvalidInputException
    expect(e.$metadata.httpStatusCode).toBe(400)
    expect(e.$fault).toBe('client')
    expect(e.message).toContain('2 validation errors detected')
    expect(e.message).toContain(
      "at 'sessionId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    )
    expect(e.message).toContain("at 'eventList.2.member.eventType'")
    expect(e.message).toContain('less than or equal to 256')
    expect(emulator.records()).toHaveLength(0)
  })

  it('surfaces injected throttling as ThrottlingException', async () => {
    emulator.faults.add({ kind: 'throttle', count: 1 })
    const error = await client
      .send(
        new PutEventsCommand({
          trackingId: 't',
          sessionId: 's',
          eventList: [{ eventType: 'a', sentAt: new Date() }],
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PersonalizeEventsServiceException)
    expect((error as Error).name).toBe('ThrottlingException')
    expect(emulator.records()).toHaveLength(0)
    // count: 1 means the next call goes through.
    await client.send(
      new PutEventsCommand({
        trackingId: 't',
        sessionId: 's',
        eventList: [{ eventType: 'a', sentAt: new Date() }],
      }),
    )
    expect(emulator.records()).toHaveLength(1)
  })

  it('accepts the four other operations', async () => {
    await client.send(
      new PutItemsCommand({ datasetArn: ARN, items: [{ itemId: 'i1', properties: '{"genre":"a|b"}' }] }),
    )
    await client.send(
      new PutUsersCommand({ datasetArn: ARN.replace('ITEMS', 'USERS'), users: [{ userId: 'u1' }] }),
    )
    await client.send(
      new PutActionsCommand({ datasetArn: ARN.replace('ITEMS', 'ACTIONS'), actions: [{ actionId: 'a1' }] }),
    )
    await client.send(
      new PutActionInteractionsCommand({
        trackingId: 't',
        actionInteractions: [{ actionId: 'a1', sessionId: 's', timestamp: new Date(), eventType: 'Taken' }],
      }),
    )
    expect(emulator.records().map((r) => r.operation)).toEqual([
      'PutItems',
      'PutUsers',
      'PutActions',
      'PutActionInteractions',
    ])
    expect(emulator.records({ operation: 'PutItems' })[0]).toMatchObject({ datasetArn: ARN, itemId: 'i1' })
  })
})
