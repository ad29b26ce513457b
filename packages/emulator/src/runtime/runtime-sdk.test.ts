import {
  PersonalizeEventsClient,
  PutActionInteractionsCommand,
  PutActionsCommand,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import {
  GetActionRecommendationsCommand,
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from '@aws-sdk/client-personalize-runtime'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import { DEFAULT_RUNTIME_ARNS, DEMO_DATASET_GROUP } from './resource-kinds'

let emulator: Emulator
let runtime: PersonalizeRuntimeClient
let events: PersonalizeEventsClient
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, seed: 7, quiet: true, signature: 'strict' })
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

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e as Error & { $metadata: { httpStatusCode: number }; $fault: string },
  )

async function putItems(ids: string[], props: (id: string) => Record<string, unknown> = () => ({})) {
  for (let i = 0; i < ids.length; i += 10) {
    await events.send(
      new PutItemsCommand({
        datasetArn: DEMO_DATASET_GROUP.itemsDatasetArn,
        items: ids.slice(i, i + 10).map((itemId) => ({ itemId, properties: JSON.stringify(props(itemId)) })),
      }),
    )
  }
}

async function view(sessionId: string, items: string[], eventType = 'view', userId?: string) {
  await events.send(
    new PutEventsCommand({
      trackingId: DEMO_DATASET_GROUP.trackingId,
      sessionId,
      ...(userId ? { userId } : {}),
      eventList: items.map((itemId, i) => ({
        eventType,
        itemId,
        sentAt: new Date(1_700_000_000_000 + i * 1000),
      })),
    }),
  )
}

describe('Personalize Runtime over the real SDK', () => {
  it('GetRecommendations answers with scored items and a fresh, remembered recommendationId', async () => {
    await putItems(['a', 'b', 'c', 'd'])
    await view('s1', ['a', 'b'], 'view', 'u1')
    const out = await runtime.send(
      new GetRecommendationsCommand({ campaignArn: DEFAULT_RUNTIME_ARNS.userPersonalization, userId: 'u1' }),
    )
    expect(out.$metadata.httpStatusCode).toBe(200)
    expect(out.recommendationId).toMatch(/^RID-[0-9a-f-]{36}$/)
    expect(out.itemList?.map((i) => i.itemId).sort()).toEqual(['a', 'b', 'c', 'd'])
    for (const item of out.itemList ?? []) expect(typeof item.score).toBe('number')
    const again = await runtime.send(
      new GetRecommendationsCommand({ campaignArn: DEFAULT_RUNTIME_ARNS.userPersonalization, userId: 'u1' }),
    )
    expect(again.recommendationId).not.toBe(out.recommendationId)
    expect(emulator.recommendations()[0]).toMatchObject({
      recommendationId: out.recommendationId,
      arn: DEFAULT_RUNTIME_ARNS.userPersonalization,
      operation: 'GetRecommendations',
      userId: 'u1',
      items: out.itemList?.map((i) => i.itemId),
    })
  })

  it('GetPersonalizedRanking orders the input list, unknown items last in input order', async () => {
    await putItems(['a', 'b', 'c'])
    await view('s1', ['a', 'c'], 'view', 'u1')
    await view('s2', ['a', 'c'], 'view', 'u2')
    await view('s3', ['b'], 'view', 'u3')
    await view('s4', ['a'], 'view', 'u4')
    const out = await runtime.send(
      new GetPersonalizedRankingCommand({
        campaignArn: DEFAULT_RUNTIME_ARNS.ranking,
        userId: 'u4',
        inputList: ['zz', 'b', 'c', 'yy'],
      }),
    )
    expect(out.personalizedRanking?.map((i) => i.itemId)).toEqual(['c', 'b', 'zz', 'yy'])
    expect(out.recommendationId).toMatch(/^RID-/)
  })

  it('GetActionRecommendations ranks the put actions by how often they were taken', async () => {
    const arn = 'arn:aws:personalize:us-east-1:000000000000:campaign/next-best-action'
    emulator.runtime.addResource({ arn, kind: 'personalized-actions' })
    const empty = await runtime.send(new GetActionRecommendationsCommand({ campaignArn: arn, userId: 'u1' }))
    expect(empty.actionList).toEqual([])
    await events.send(
      new PutActionsCommand({
        datasetArn: DEMO_DATASET_GROUP.actionsDatasetArn,
        actions: [{ actionId: 'subscribe' }, { actionId: 'review' }, { actionId: 'refer' }],
      }),
    )
    const taken = (actionId: string, userId: string) => ({
      actionId,
      userId,
      sessionId: `s-${userId}`,
      eventType: 'TAKEN',
      timestamp: new Date(),
    })
    await events.send(
      new PutActionInteractionsCommand({
        trackingId: DEMO_DATASET_GROUP.actionTrackingId,
        actionInteractions: [taken('review', 'a'), taken('review', 'b'), taken('refer', 'c')],
      }),
    )
    const out = await runtime.send(
      new GetActionRecommendationsCommand({ campaignArn: arn, userId: 'u1', numResults: 2 }),
    )
    expect(out.actionList).toEqual([
      { actionId: 'review', score: 1 },
      { actionId: 'refer', score: 0.5 },
    ])
    expect(out.recommendationId).toMatch(/^RID-/)
    expect(emulator.recommendations().at(-1)).toMatchObject({
      operation: 'GetActionRecommendations',
      items: ['review', 'refer'],
    })
  })

  it('an unknown ARN is ResourceNotFoundException (404) with x-amzn-ErrorType and {"message"}', async () => {
    const arn = 'arn:aws:personalize:us-east-1:000000000000:campaign/nope'
    const e = await rejection(runtime.send(new GetRecommendationsCommand({ campaignArn: arn, userId: 'u1' })))
    expect(e.name).toBe('ResourceNotFoundException')
    expect(e.$metadata.httpStatusCode).toBe(404)
    expect(e.$fault).toBe('client')
    expect(e.message).toBe(`Resource ${arn} does not exist.`)
    const raw = await fetch(`${emulator.url}/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ campaignArn: arn, userId: 'u1' }),
    })
    expect(raw.status).toBe(403) // strict signatures: unsigned
  })
})
