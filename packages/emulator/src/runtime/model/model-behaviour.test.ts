import {
  PersonalizeEventsClient,
  PutEventsCommand,
  PutItemsCommand,
} from '@aws-sdk/client-personalize-events'
import {
  GetRecommendationsCommand,
  type GetRecommendationsCommandInput,
  PersonalizeRuntimeClient,
} from '@aws-sdk/client-personalize-runtime'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../start-emulator'
import type { Emulator, EmulatorOptions } from '../../types'
import { DEFAULT_RUNTIME_ARNS as ARN, DEMO_DATASET_GROUP as DEMO } from '../resource-kinds'

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' }
const open: { emulator: Emulator; destroy(): void }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.destroy()
    await o.emulator.stop()
  }
})

/** An emulator plus the two real SDK clients, and helpers that build a small data set over the wire. */
async function shop(options: EmulatorOptions = {}) {
  const emulator = await startEmulator({ port: 0, quiet: true, seed: 42, ...options })
  const events = new PersonalizeEventsClient({ endpoint: emulator.url, region: 'us-east-1', credentials })
  const runtime = new PersonalizeRuntimeClient({ endpoint: emulator.url, region: 'us-east-1', credentials })
  open.push({
    emulator,
    destroy: () => {
      events.destroy()
      runtime.destroy()
    },
  })
  let clock = 1_700_000_000_000
  return {
    emulator,
    async items(catalog: Record<string, string>) {
      const entries = Object.entries(catalog)
      for (let i = 0; i < entries.length; i += 10) {
        await events.send(
          new PutItemsCommand({
            datasetArn: DEMO.itemsDatasetArn,
            items: entries
              .slice(i, i + 10)
              .map(([itemId, category]) => ({ itemId, properties: JSON.stringify({ category, price: 5 }) })),
          }),
        )
      }
    },
    async events(who: { sessionId: string; userId?: string }, eventType: string, itemIds: string[]) {
      const start = clock
      clock += itemIds.length * 1000
      await events.send(
        new PutEventsCommand({
          trackingId: DEMO.trackingId,
          ...who,
          eventList: itemIds.map((itemId, i) => ({
            eventType,
            itemId,
            sentAt: new Date(start + (i + 1) * 1000),
          })),
        }),
      )
    },
    async recommend(input: GetRecommendationsCommandInput) {
      const out = await runtime.send(new GetRecommendationsCommand(input))
      return out.itemList ?? []
    },
  }
}

const CATALOG = {
  tea1: 'tea',
  tea2: 'tea',
  tea3: 'tea',
  gear1: 'gear',
  gear2: 'gear',
  gear3: 'gear',
  mug: 'kitchen',
  pot: 'kitchen',
}

/** Tea lovers view teas together, gear buyers view gear together; gear1 is the most popular item overall. */
async function tastes(s: Awaited<ReturnType<typeof shop>>) {
  await s.items(CATALOG)
  for (let i = 0; i < 4; i++) await s.events({ sessionId: `tea-${i}` }, 'view', ['tea1', 'tea2'])
  for (let i = 0; i < 6; i++) await s.events({ sessionId: `gear-${i}` }, 'view', ['gear1', 'gear2', 'gear3'])
}

const ids = (items: { itemId?: string }[]) => items.map((i) => i.itemId)

describe('the runtime model', () => {
  it('ranks co-viewed items first for a user, with a reason, and popular items after', async () => {
    const s = await shop()
    await tastes(s)
    await s.events({ sessionId: 'u-s', userId: 'alice' }, 'view', ['tea1'])
    const list = await s.recommend({ campaignArn: ARN.userPersonalization, userId: 'alice', numResults: 4 })
    expect(list[0]).toMatchObject({ itemId: 'tea2', reason: ['Because you interacted with tea1'] })
    expect(list[0]?.score).toBeGreaterThan(list[1]?.score ?? 1)
    // Then popularity backfill: the gear items, each viewed by six sessions.
    expect(ids(list.slice(1, 4)).sort()).toEqual(['gear1', 'gear2', 'gear3'])
    expect(list[1]?.reason).toEqual(['Popular item'])
  })

  it('related items: customers who viewed X also viewed, never X itself', async () => {
    const s = await shop()
    await tastes(s)
    const list = await s.recommend({ recommenderArn: ARN.alsoViewed, itemId: 'gear1', numResults: 3 })
    expect(ids(list.slice(0, 2)).sort()).toEqual(['gear2', 'gear3'])
    expect(list[0]?.reason).toEqual(['Customers who viewed gear1 also viewed this'])
    expect(ids(list)).not.toContain('gear1')
    const sims = await s.recommend({ campaignArn: ARN.relatedItems, itemId: 'tea2', numResults: 1 })
    expect(ids(sims)).toEqual(['tea1'])
  })

  it('an anonymous visitor gets session-based results when the session id is passed as the user id', async () => {
    const s = await shop()
    await tastes(s)
    await s.events({ sessionId: 'anon-42' }, 'view', ['tea2'])
    const list = await s.recommend({
      recommenderArn: ARN.recommendedForYou,
      userId: 'anon-42',
      numResults: 2,
    })
    expect(list[0]).toMatchObject({ itemId: 'tea1', reason: ['Because you interacted with tea2'] })
    // A visitor with no history gets the popular items.
    const cold = await s.recommend({ recommenderArn: ARN.recommendedForYou, userId: 'nobody', numResults: 3 })
    expect(ids(cold).sort()).toEqual(['gear1', 'gear2', 'gear3'])
  })

  it('joins a session to the user who signs in on it', async () => {
    const s = await shop()
    await tastes(s)
    await s.events({ sessionId: 'sess-9' }, 'view', ['tea1'])
    await s.events({ sessionId: 'sess-9', userId: 'bob' }, 'view', ['mug'])
    const list = await s.recommend({ campaignArn: ARN.userPersonalization, userId: 'bob', numResults: 1 })
    // tea2 co-occurs with tea1, viewed before bob signed in on the same session.
    expect(ids(list)).toEqual(['tea2'])
  })

  it('excludes what the user bought where the resource says so (recommended for you), not elsewhere', async () => {
    const s = await shop()
    await tastes(s)
    await s.events({ sessionId: 'c-s', userId: 'carol' }, 'view', ['tea1'])
    await s.events({ sessionId: 'c-s', userId: 'carol' }, 'purchase', ['tea2'])
    const rfy = await s.recommend({ recommenderArn: ARN.recommendedForYou, userId: 'carol', numResults: 8 })
    expect(ids(rfy)).not.toContain('tea2')
    const up = await s.recommend({ campaignArn: ARN.userPersonalization, userId: 'carol', numResults: 8 })
    expect(ids(up)).toContain('tea2')
  })

  it('recommends only items known from PutItems', async () => {
    const s = await shop()
    await tastes(s)
    await s.events({ sessionId: 'x' }, 'view', ['tea1', 'ghost'])
    const list = await s.recommend({ recommenderArn: ARN.alsoViewed, itemId: 'tea1', numResults: 50 })
    expect(ids(list)).not.toContain('ghost')
    expect(list).toHaveLength(Object.keys(CATALOG).length - 1)
  })

  it('best sellers count purchases', async () => {
    const s = await shop()
    await s.items(CATALOG)
    await s.events({ sessionId: 'b1' }, 'purchase', ['pot'])
    await s.events({ sessionId: 'b2' }, 'purchase', ['pot', 'mug'])
    await s.events({ sessionId: 'b3' }, 'view', ['tea1', 'tea1', 'tea1'])
    const list = await s.recommend({ recommenderArn: ARN.bestSellers, numResults: 2 })
    expect(ids(list)).toEqual(['pot', 'mug'])
    expect(list[0]?.reason).toEqual(['Best seller'])
  })

  it('applies the three filter forms, with filterValues, and promotions', async () => {
    const include = 'arn:aws:personalize:us-east-1:000000000000:filter/category'
    const noBuys = 'arn:aws:personalize:us-east-1:000000000000:filter/no-buys'
    const noGear = 'arn:aws:personalize:us-east-1:000000000000:filter/no-gear'
    const s = await shop({
      runtime: {
        filters: [
          { arn: include, expression: 'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)' },
          { arn: noBuys, expression: 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")' },
          { arn: noGear, expression: 'EXCLUDE ItemID WHERE Items.CATEGORY IN ("gear")' },
        ],
      },
    })
    await tastes(s)
    await s.events({ sessionId: 'd', userId: 'dave' }, 'purchase', ['gear1'])
    const base = { campaignArn: ARN.userPersonalization, userId: 'dave', numResults: 20 }
    const tea = await s.recommend({ ...base, filterArn: include, filterValues: { CATEGORY: '"tea"' } })
    expect(ids(tea).sort()).toEqual(['tea1', 'tea2', 'tea3'])
    const teaOrKitchen = await s.recommend({
      ...base,
      filterArn: include,
      filterValues: { CATEGORY: '"tea","kitchen"' },
    })
    expect(teaOrKitchen).toHaveLength(5)
    expect(ids(await s.recommend({ ...base, filterArn: noBuys }))).not.toContain('gear1')
    expect(ids(await s.recommend({ ...base, filterArn: noBuys }))).toHaveLength(7)
    const withoutGear = await s.recommend({ ...base, filterArn: noGear })
    expect(ids(withoutGear).some((id) => id?.startsWith('gear'))).toBe(false)
    const promoted = await s.recommend({
      ...base,
      numResults: 4,
      filterArn: noGear,
      promotions: [
        {
          name: 'kitchen-week',
          percentPromotedItems: 50,
          filterArn: include,
          filterValues: { CATEGORY: '"kitchen"' },
        },
      ],
    })
    expect(
      promoted
        .filter((i) => i.promotionName === 'kitchen-week')
        .map((i) => i.itemId)
        .sort(),
    ).toEqual(['mug', 'pot'])
    expect(promoted).toHaveLength(4)
  })

  it('returns metadata columns from the item properties', async () => {
    const s = await shop()
    await s.items({ tea1: 'tea' })
    const [item] = await s.recommend({
      recommenderArn: ARN.bestSellers,
      metadataColumns: { ITEMS: ['CATEGORY', 'PRICE', 'MISSING'] },
    })
    expect(item).toMatchObject({ itemId: 'tea1', metadata: { CATEGORY: 'tea', PRICE: '5' } })
  })

  it('is deterministic for a seed and data, and follows new events', async () => {
    const run = async () => {
      const s = await shop()
      await tastes(s)
      await s.events({ sessionId: 'e', userId: 'erin' }, 'view', ['mug'])
      return s
    }
    const [a, b] = [await run(), await run()]
    const query = { campaignArn: ARN.userPersonalization, userId: 'erin', numResults: 8 }
    const first = await a.recommend(query)
    expect(await b.recommend(query)).toEqual(first)
    // mug has no co-views yet; once others view mug with pot, pot leads for erin.
    for (let i = 0; i < 3; i++) await a.events({ sessionId: `k-${i}` }, 'view', ['mug', 'pot'])
    const after = await a.recommend(query)
    expect(after[0]?.itemId).toBe('pot')
    expect(after).not.toEqual(first)
  })

  it('frequently bought together, most viewed and trending answer from their own signals', async () => {
    const arn = (type: string, name: string) => `arn:aws:personalize:us-east-1:000000000000:${type}/${name}`
    const s = await shop({
      runtime: {
        resources: [
          { arn: arn('recommender', 'fbt'), kind: 'frequently-bought-together' },
          { arn: arn('recommender', 'most-viewed'), kind: 'most-viewed' },
          { arn: arn('campaign', 'trending'), kind: 'trending' },
        ],
      },
    })
    await s.items(CATALOG)
    // Bought together (pot + mug), only viewed together (pot + tea3).
    for (let i = 0; i < 3; i++) await s.events({ sessionId: `buy-${i}` }, 'purchase', ['pot', 'mug'])
    for (let i = 0; i < 5; i++) await s.events({ sessionId: `look-${i}` }, 'view', ['pot', 'tea3'])
    const fbt = await s.recommend({ recommenderArn: arn('recommender', 'fbt'), itemId: 'pot', numResults: 1 })
    expect(fbt[0]).toMatchObject({ itemId: 'mug', reason: ['Frequently bought with pot'] })
    const viewed = await s.recommend({ recommenderArn: arn('recommender', 'most-viewed'), numResults: 2 })
    // Five views each; mug, bought three times but never viewed, is not among them.
    expect(ids(viewed).sort()).toEqual(['pot', 'tea3'])
    expect(viewed[0]?.reason).toEqual(['Most viewed'])
    // gear2 only shows up in the latest events: it is what is trending now.
    for (let i = 0; i < 6; i++) await s.events({ sessionId: `new-${i}` }, 'view', ['gear2'])
    const trending = await s.recommend({
      campaignArn: arn('campaign', 'trending'),
      userId: 'u',
      numResults: 1,
    })
    expect(trending[0]).toMatchObject({ itemId: 'gear2', reason: ['Trending now'] })
  })
})
