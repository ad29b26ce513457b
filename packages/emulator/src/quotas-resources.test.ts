import {
  InvalidInputException,
  PersonalizeEventsClient,
  PutActionInteractionsCommand,
  PutEventsCommand,
  PutItemsCommand,
  PutUsersCommand,
  ResourceInUseException,
  ResourceNotFoundException,
} from '@aws-sdk/client-personalize-events'
import { afterEach, describe, expect, it } from 'vitest'
import { createQuotaLimiter } from './quota-limiter'
import { startEmulator } from './start-emulator'
import type { Emulator, EmulatorOptions } from './types'

const running: Emulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()))
})
async function setup(options: EmulatorOptions) {
  const emulator = await startEmulator({ port: 0, ...options })
  running.push(emulator)
  const client = new PersonalizeEventsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
  return { emulator, client }
}
const ITEMS = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS'
const USERS = 'arn:aws:personalize:us-east-1:123456789012:dataset/shop/USERS'
const PENDING = 'arn:aws:personalize:us-east-1:123456789012:dataset/new/ITEMS'

describe('quotas', () => {
  it('a token bucket refills at the configured calls per second', () => {
    let now = 0
    const limiter = createQuotaLimiter({ PutItems: 2 }, () => now)
    expect([limiter.take('PutItems'), limiter.take('PutItems'), limiter.take('PutItems')]).toEqual([
      true,
      true,
      false,
    ])
    now += 500
    expect(limiter.take('PutItems')).toBe(true)
    expect(limiter.take('PutItems')).toBe(false)
    expect(limiter.take('PutEvents')).toBe(true)
  })

  it('answers calls over quota with ThrottlingException and stores nothing for them', async () => {
    const { emulator, client } = await setup({ quotas: { PutItems: 1 } })
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        client.send(new PutItemsCommand({ datasetArn: ITEMS, items: [{ itemId: 'i' }] })),
      ),
    )
    const rejected = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason as Error)
    expect(rejected.length).toBeGreaterThan(0)
    expect(rejected[0]?.name).toBe('ThrottlingException')
    expect(emulator.records()).toHaveLength(6 - rejected.length)
  })
})

describe('resource registry', () => {
  const resources = {
    trackingIds: ['known-tracker', { id: 'new-tracker', status: 'CREATE_IN_PROGRESS' as const }],
    datasets: [
      { arn: ITEMS },
      { arn: USERS, status: 'ACTIVE' as const },
      { arn: PENDING, status: 'CREATE_PENDING' as const },
    ],
  }

  it('accepts known resources', async () => {
    const { emulator, client } = await setup({ resources })
    await client.send(new PutItemsCommand({ datasetArn: ITEMS, items: [{ itemId: 'i' }] }))
    await client.send(
      new PutEventsCommand({
        trackingId: 'known-tracker',
        sessionId: 's',
        eventList: [{ eventType: 'a', sentAt: new Date() }],
      }),
    )
    expect(emulator.records()).toHaveLength(2)
  })

  it('unknown dataset → ResourceNotFoundException (404)', async () => {
    const { client } = await setup({ resources })
    const e = await client
      .send(new PutItemsCommand({ datasetArn: `${ITEMS}X`, items: [{ itemId: 'i' }] }))
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ResourceNotFoundException)
  })

  it('dataset still being created → ResourceInUseException (409)', async () => {
    const { client } = await setup({ resources })
    const e = await client
      .send(new PutItemsCommand({ datasetArn: PENDING, items: [{ itemId: 'i' }] }))
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(ResourceInUseException)
    expect((e as ResourceInUseException).$metadata.httpStatusCode).toBe(409)
  })

  it('a dataset of the wrong kind → InvalidInputException', async () => {
    const { client } = await setup({ resources })
    const e = await client
      .send(new PutUsersCommand({ datasetArn: ITEMS, users: [{ userId: 'u' }] }))
      .catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InvalidInputException)
    expect((e as Error).message).toContain('is a ITEMS dataset; PutUsers needs a USERS dataset')
  })

  it('unknown tracker → InvalidInputException on PutEvents (its only modelled error), ResourceNotFound on interactions', async () => {
    const { client } = await setup({ resources })
    const events = await client
      .send(
        new PutEventsCommand({
          trackingId: 'nope',
          sessionId: 's',
          eventList: [{ eventType: 'a', sentAt: new Date() }],
        }),
      )
      .catch((x: unknown) => x)
    expect(events).toBeInstanceOf(InvalidInputException)
    const interactions = await client
      .send(
        new PutActionInteractionsCommand({
          trackingId: 'nope',
          actionInteractions: [{ actionId: 'a', sessionId: 's', timestamp: new Date(), eventType: 'Taken' }],
        }),
      )
      .catch((x: unknown) => x)
    expect(interactions).toBeInstanceOf(ResourceNotFoundException)
    const inProgress = await client
      .send(
        new PutActionInteractionsCommand({
          trackingId: 'new-tracker',
          actionInteractions: [{ actionId: 'a', sessionId: 's', timestamp: new Date(), eventType: 'Taken' }],
        }),
      )
      .catch((x: unknown) => x)
    expect(inProgress).toBeInstanceOf(ResourceInUseException)
  })
})
