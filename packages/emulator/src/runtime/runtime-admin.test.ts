import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import { DEFAULT_RUNTIME_ARNS } from './resource-kinds'

const running: Emulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()))
})

const json = { 'content-type': 'application/json' }
const CAMPAIGN = 'arn:aws:personalize:us-east-1:000000000000:campaign/popular'

describe('runtime admin API', () => {
  it('lists the documented default resources with their kinds', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    running.push(emulator)
    const body = (await (await fetch(`${emulator.url}/_emulator/runtime`)).json()) as {
      resources: { arn: string; kind: string; trackingId: string }[]
    }
    expect(body.resources.map((r) => [r.arn, r.kind])).toEqual([
      [DEFAULT_RUNTIME_ARNS.userPersonalization, 'user-personalization'],
      [DEFAULT_RUNTIME_ARNS.relatedItems, 'related-items'],
      [DEFAULT_RUNTIME_ARNS.ranking, 'personalized-ranking'],
      [DEFAULT_RUNTIME_ARNS.recommendedForYou, 'recommended-for-you'],
      [DEFAULT_RUNTIME_ARNS.alsoViewed, 'customers-who-viewed-x-also-viewed'],
      [DEFAULT_RUNTIME_ARNS.bestSellers, 'best-sellers'],
      [DEFAULT_RUNTIME_ARNS.frequentlyBoughtTogether, 'frequently-bought-together'],
    ])
    expect(body.resources[0]?.trackingId).toBe('demo-tracking-id')
  })

  it('registers resources and filters, and refuses bad ones with 400 naming the field, registering nothing', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true, runtime: { defaults: false } })
    running.push(emulator)
    const client = new PersonalizeRuntimeClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const before = await client
      .send(new GetRecommendationsCommand({ campaignArn: CAMPAIGN, userId: 'u1' }))
      .catch((e: Error) => e.name)
    expect(before).toBe('ResourceNotFoundException')

    const bad = await fetch(`${emulator.url}/_emulator/runtime/resources`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify([
        { arn: CAMPAIGN, kind: 'popularity' },
        { arn: 'arn:aws:personalize:us-east-1:000000000000:campaign/x', kind: 'best-sellers' },
      ]),
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({
      error:
        "resource 1: kind 'best-sellers' is a recommender, but arn:aws:personalize:us-east-1:000000000000:campaign/x is a campaign ARN",
    })
    expect(emulator.runtime.list().resources).toEqual([])

    const ok = await fetch(`${emulator.url}/_emulator/runtime/resources`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ arn: CAMPAIGN, kind: 'popularity' }),
    })
    expect(ok.status).toBe(201)
    const out = await client.send(new GetRecommendationsCommand({ campaignArn: CAMPAIGN, userId: 'u1' }))
    expect(out.itemList).toEqual([])

    const filter = await fetch(`${emulator.url}/_emulator/runtime/filters`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        arn: 'arn:aws:personalize:us-east-1:000000000000:filter/f',
        expression: 'EXCLUDE ItemID WHERE Items.PRICE < 10',
      }),
    })
    expect(filter.status).toBe(400)
    expect(((await filter.json()) as { error: string }).error).toBe(
      "filter 0: filter arn:aws:personalize:us-east-1:000000000000:filter/f: unsupported expression: '<': only IN and NOT IN are supported",
    )
    expect(() =>
      emulator.runtime.addFilter({
        arn: 'arn:aws:personalize:us-east-1:000000000000:filter/g',
        expression: 'INCLUDE ItemID WHERE Items.A IN ("x") OR Items.B IN ("y")',
      }),
    ).toThrow(/'OR Items.B IN \("y"\)'/)
    await expect(
      startEmulator({ port: 0, runtime: { resources: [{ arn: 'nope', kind: 'popularity' }] } }),
    ).rejects.toThrow(/arn must look like arn:aws:personalize/)
    client.destroy()
  })

  it('remembers every answer under its recommendationId at /_emulator/recommendations', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    running.push(emulator)
    const client = new PersonalizeRuntimeClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    const out = await client.send(
      new GetRecommendationsCommand({ recommenderArn: DEFAULT_RUNTIME_ARNS.bestSellers }),
    )
    const body = (await (await fetch(`${emulator.url}/_emulator/recommendations`)).json()) as {
      count: number
      recommendations: { recommendationId: string; arn: string; issuedAt: number }[]
    }
    expect(body.count).toBe(1)
    expect(body.recommendations[0]).toMatchObject({
      recommendationId: out.recommendationId,
      arn: DEFAULT_RUNTIME_ARNS.bestSellers,
      operation: 'GetRecommendations',
      items: [],
    })
    emulator.reset()
    expect(emulator.recommendations()).toEqual([])
    client.destroy()
  })
})
