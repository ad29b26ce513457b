import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import { DEFAULT_RUNTIME_ARNS, DEMO_DATASET_GROUP } from './resource-kinds'

let emulator: Emulator
let runtime: PersonalizeRuntimeClient
let events: PersonalizeEventsClient
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, seed: 3, quiet: true, signature: 'strict' })
  runtime = new PersonalizeRuntimeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  })
  events = new PersonalizeEventsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  })
})
afterEach(async () => {
  runtime.destroy()
  events.destroy()
  await emulator.stop()
})

let clock = 1_700_000_000_000
async function session(sessionId: string, eventType: string, itemIds: string[]) {
  await events.send(
    new PutEventsCommand({
      trackingId: DEMO_DATASET_GROUP.trackingId,
      sessionId,
      eventList: itemIds.map((itemId) => {
        clock += 1000
        return { eventType, itemId, sentAt: new Date(clock) }
      }),
    }),
  )
}

describe('the default frequently-bought-together recommender', () => {
  it('is documented by its ARN and answers with what was bought with the item, over the real runtime SDK', async () => {
    expect(DEFAULT_RUNTIME_ARNS.frequentlyBoughtTogether).toBe(
      'arn:aws:personalize:us-east-1:000000000000:recommender/demo-frequently-bought-together',
    )
    await events.send(
      new PutItemsCommand({
        datasetArn: DEMO_DATASET_GROUP.itemsDatasetArn,
        items: ['kettle', 'mug', 'tea', 'filter', 'tent'].map((itemId) => ({ itemId })),
      }),
    )
    // Kettles are bought with mugs, and with filters once; they are only looked at with tea (far more often).
    for (let i = 0; i < 3; i++) await session(`buyer-${i}`, 'purchase', ['kettle', 'mug'])
    await session('buyer-3', 'purchase', ['kettle', 'filter'])
    for (let i = 0; i < 8; i++) await session(`browser-${i}`, 'view', ['kettle', 'tea'])

    const out = await runtime.send(
      new GetRecommendationsCommand({
        recommenderArn: DEFAULT_RUNTIME_ARNS.frequentlyBoughtTogether,
        itemId: 'kettle',
        numResults: 3,
      }),
    )
    expect(out.recommendationId).toMatch(/^RID-/)
    expect(out.itemList?.map((i) => [i.itemId, i.reason])).toEqual([
      ['mug', ['Frequently bought with kettle']],
      ['filter', ['Frequently bought with kettle']],
      // Co-viewing is not buying together: tea only fills in below, as the popular backfill.
      ['tea', ['Popular item']],
    ])
  })

  it('needs an itemId, as the use case does', async () => {
    const error = await runtime
      .send(
        new GetRecommendationsCommand({
          recommenderArn: DEFAULT_RUNTIME_ARNS.frequentlyBoughtTogether,
          userId: 'u1',
        }),
      )
      .then(
        () => undefined,
        (e: Error & { $metadata: { httpStatusCode?: number } }) => e,
      )
    expect(error?.name).toBe('InvalidInputException')
    expect(error?.$metadata.httpStatusCode).toBe(400)
    expect(error?.message).toMatch(/^itemId is required for .*demo-frequently-bought-together/)
  })
})
