import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import {
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from '@aws-sdk/client-personalize-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { createPrng } from '../../prng'
import { startEmulator } from '../../start-emulator'
import type { Emulator } from '../../types'
import { DEFAULT_RUNTIME_ARNS as ARN, DEMO_DATASET_GROUP as DEMO } from '../resource-kinds'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const open: { emulator: Emulator; destroy(): void }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.destroy()
    await o.emulator.stop()
  }
})

const ITEMS = Array.from({ length: 30 }, (_, i) => `item-${i}`)
const TYPES = ['view', 'view', 'click', 'add-to-cart', 'purchase']

async function connect() {
  const emulator = await startEmulator({ port: 0, quiet: true, seed: 9 })
  const events = new PersonalizeEventsClient({ endpoint: emulator.url, region: 'us-east-1', credentials })
  const runtime = new PersonalizeRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials })
  open.push({
    emulator,
    destroy: () => {
      events.destroy()
      runtime.destroy()
    },
  })
  await events.send(
    new PutItemsCommand({
      datasetArn: DEMO.itemsDatasetArn,
      items: ITEMS.slice(0, 10).map((itemId) => ({ itemId })),
    }),
  )
  await events.send(
    new PutItemsCommand({
      datasetArn: DEMO.itemsDatasetArn,
      items: ITEMS.slice(10, 20).map((itemId) => ({ itemId })),
    }),
  )
  await events.send(
    new PutItemsCommand({
      datasetArn: DEMO.itemsDatasetArn,
      items: ITEMS.slice(20).map((itemId) => ({ itemId })),
    }),
  )
  return { events, runtime }
}

/** The same seeded calls every time: sessions (some signed in) viewing, carting and buying. */
function calls() {
  const rand = createPrng(21)
  const pick = (n: number) => Math.floor(rand() * n)
  let clock = 1_700_000_000_000
  return Array.from({ length: 60 }, () => {
    const session = pick(8)
    return new PutEventsCommand({
      trackingId: DEMO.trackingId,
      sessionId: `s${session}`,
      ...(session % 2 === 0 ? { userId: `u${session}` } : {}),
      eventList: Array.from({ length: 1 + pick(5) }, () => {
        clock += 1000 + pick(60_000)
        return {
          eventType: TYPES[pick(TYPES.length)] as string,
          itemId: ITEMS[pick(ITEMS.length)] as string,
          sentAt: new Date(clock),
        }
      }),
    })
  })
}

/** What every default resource answers for a few users, sessions and items (ids differ per answer, so left out). */
async function answers(runtime: PersonalizeRuntimeClient) {
  const out: unknown[] = []
  for (const userId of ['u0', 'u2', 's1', 's3']) {
    for (const recommenderArn of [ARN.recommendedForYou, ARN.bestSellers]) {
      const r = await runtime.send(new GetRecommendationsCommand({ recommenderArn, userId, numResults: 10 }))
      out.push(r.itemList?.map((i) => [i.itemId, i.score, i.reason]))
    }
    const p = await runtime.send(
      new GetRecommendationsCommand({ campaignArn: ARN.userPersonalization, userId, numResults: 10 }),
    )
    out.push(p.itemList?.map((i) => [i.itemId, i.score]))
    const ranking = await runtime.send(
      new GetPersonalizedRankingCommand({ campaignArn: ARN.ranking, userId, inputList: ITEMS.slice(0, 12) }),
    )
    out.push(ranking.personalizedRanking?.map((i) => [i.itemId, i.score]))
  }
  for (const itemId of ['item-1', 'item-7', 'item-20']) {
    const r = await runtime.send(new GetRecommendationsCommand({ recommenderArn: ARN.alsoViewed, itemId }))
    out.push(r.itemList?.map((i) => [i.itemId, i.score]))
  }
  return out
}

describe('lazy learning over the wire', () => {
  it('recommendations asked between every PutEvents call end where asking once at the end does', async () => {
    const interleaved = await connect()
    for (const call of calls()) {
      await interleaved.events.send(call)
      await interleaved.runtime.send(
        new GetRecommendationsCommand({ recommenderArn: ARN.recommendedForYou, userId: 's1' }),
      )
    }
    const atEnd = await connect()
    for (const call of calls()) await atEnd.events.send(call)

    const expected = await answers(atEnd.runtime)
    // The answers come from what the events taught, not from the catalog alone.
    const untaught = await connect()
    expect(expected).not.toEqual(await answers(untaught.runtime))
    expect(await answers(interleaved.runtime)).toEqual(expected)
  })
})
