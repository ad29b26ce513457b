import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_RUNTIME_ARNS as ARN, DEMO_DATASET_GROUP as DEMO } from '../runtime/resource-kinds'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import type { AttributionReport } from './compute-attribution'

let emulator: Emulator
let events: PersonalizeEventsClient
let runtime: PersonalizeRuntimeClient

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true, seed: 3 })
  const config = {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
  events = new PersonalizeEventsClient(config)
  runtime = new PersonalizeRuntimeClient(config)
})
afterAll(async () => {
  events.destroy()
  runtime.destroy()
  await emulator.stop()
})

const send = (eventList: ConstructorParameters<typeof PutEventsCommand>[0]['eventList']) =>
  events.send(new PutEventsCommand({ trackingId: DEMO.trackingId, sessionId: 's1', userId: 'u1', eventList }))

describe('attribution', () => {
  it('joins events to what was recommended and counts impressions, clicks, purchases, value and CTR', async () => {
    await events.send(
      new PutItemsCommand({
        datasetArn: DEMO.itemsDatasetArn,
        items: ['a', 'b', 'c', 'd', 'e'].map((itemId) => ({ itemId })),
      }),
    )
    const rfy = await runtime.send(
      new GetRecommendationsCommand({ recommenderArn: ARN.recommendedForYou, userId: 'u1', numResults: 3 }),
    )
    const shown = (rfy.itemList ?? []).map((i) => i.itemId as string)
    const notShown = ['a', 'b', 'c', 'd', 'e'].find((i) => !shown.includes(i)) as string
    const best = await runtime.send(
      new GetRecommendationsCommand({ recommenderArn: ARN.bestSellers, numResults: 2 }),
    )
    await runtime.send(new GetRecommendationsCommand({ recommenderArn: ARN.bestSellers, numResults: 2 }))
    const rid = rfy.recommendationId as string
    const now = new Date()
    await send([
      { eventType: 'impression', sentAt: now, recommendationId: rid, impression: shown },
      { eventType: 'click', sentAt: now, recommendationId: rid, itemId: shown[0] },
      { eventType: 'click', sentAt: now, recommendationId: rid, itemId: notShown },
      { eventType: 'purchase', sentAt: now, recommendationId: rid, itemId: shown[0], eventValue: 12.5 },
      { eventType: 'click', sentAt: now, recommendationId: 'RID-never-issued', itemId: 'a' },
      {
        eventType: 'click',
        sentAt: now,
        recommendationId: best.recommendationId,
        itemId: best.itemList?.[0]?.itemId,
      },
    ])
    // The same event id again is ignored, as Personalize ignores repeats.
    await send([{ eventType: 'click', sentAt: now, recommendationId: rid, itemId: shown[1], eventId: 'e1' }])
    await send([{ eventType: 'click', sentAt: now, recommendationId: rid, itemId: shown[1], eventId: 'e1' }])

    const report = (await (await fetch(`${emulator.url}/_emulator/attribution`)).json()) as AttributionReport
    expect(report).toEqual(emulator.attribution())
    expect(report.resources).toEqual([
      {
        arn: ARN.recommendedForYou,
        recommendations: 1,
        impressions: 1,
        impressedItems: 3,
        clicks: 2,
        mismatchedClicks: 1,
        purchases: 1,
        eventValue: 12.5,
        ctr: 0.6667,
      },
      {
        arn: ARN.bestSellers,
        recommendations: 2,
        impressions: 1,
        impressedItems: 2,
        clicks: 1,
        mismatchedClicks: 0,
        purchases: 0,
        eventValue: 0,
        ctr: 0.5,
      },
    ])
    expect(report.unknownRecommendationIds).toEqual(['RID-never-issued'])
    expect(report.unknownEvents).toBe(1)
    expect(report.mismatchedClicks).toEqual([
      expect.objectContaining({
        recommendationId: rid,
        itemId: notShown,
        eventType: 'click',
        arn: ARN.recommendedForYou,
      }),
    ])
  })
})

describe('attribution across a restart with --data', () => {
  it('keeps the issued recommendations in the data file, so events after a restart still join', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-attr-'))
    const data = join(dir, 'records.jsonl')
    const config = (url: string) => ({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    try {
      const first = await startEmulator({ port: 0, quiet: true, data })
      const rt = new PersonalizeRuntimeClient(config(first.url))
      const out = await rt.send(new GetRecommendationsCommand({ recommenderArn: ARN.bestSellers }))
      rt.destroy()
      await first.stop()
      const second = await startEmulator({ port: 0, quiet: true, data })
      const ev = new PersonalizeEventsClient(config(second.url))
      await ev.send(
        new PutEventsCommand({
          trackingId: DEMO.trackingId,
          sessionId: 's',
          eventList: [
            { eventType: 'impression', sentAt: new Date(), recommendationId: out.recommendationId },
          ],
        }),
      )
      ev.destroy()
      expect(second.recommendations().map((r) => r.recommendationId)).toEqual([out.recommendationId])
      expect(second.attribution()).toMatchObject({
        resources: [{ arn: ARN.bestSellers, recommendations: 1, impressions: 1 }],
        unknownRecommendationIds: [],
      })
      await second.stop()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
