import { PutEventsCommand, PutItemsCommand } from '@aws-sdk/client-personalize-events'
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import type { RecommendationClient } from '@personalize-kit/core'
import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import { BENCH_CREDENTIALS, createBareClient } from '../lib/sdk-client'
import { quantileSorted } from '../lib/stats'
import type { Bench } from '../types'

const BEST_SELLERS = 'arn:aws:personalize:us-east-1:000000000000:recommender/demo-best-sellers'
const INPUT = { recommenderArn: BEST_SELLERS, numResults: 10 }
// The emulator's demo dataset group (EMULATOR_DEFAULTS in core), which its default resources learn from.
const ITEMS_DATASET = 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ITEMS'
const TRACKING_ID = 'demo-tracking-id'

/** Teaches the emulator's demo best sellers 50 items and some purchases, so answers hold 10 real items. */
async function seed(url: string): Promise<void> {
  const events = createBareClient(url)
  try {
    const itemIds = Array.from({ length: 50 }, (_, i) => `item-${i}`)
    for (let i = 0; i < itemIds.length; i += 10)
      await events.send(
        new PutItemsCommand({
          datasetArn: ITEMS_DATASET,
          items: itemIds.slice(i, i + 10).map((itemId) => ({ itemId })),
        }),
      )
    for (let s = 0; s < 20; s++)
      await events.send(
        new PutEventsCommand({
          trackingId: TRACKING_ID,
          sessionId: `buyer-${s}`,
          eventList: Array.from({ length: 5 }, (_, e) => ({
            eventType: 'purchase',
            itemId: itemIds[(s * 7 + e * 3) % itemIds.length],
            sentAt: new Date(),
          })),
        }),
      )
  } finally {
    events.destroy()
  }
}

async function timeCalls(calls: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < calls; i++) {
    const started = performance.now()
    await call()
    samples.push(performance.now() - started)
  }
  return samples
}

/**
 * The recommendation client's added latency over a bare SDK call: the same GetRecommendations, one call at a time,
 * against the emulator in its own process; the client with its cache off (a cache hit would hide the cost).
 */
export const recommendationOverheadBench: Bench = {
  id: 'recommendations',
  title: '9. Recommendation client',
  async run(ctx) {
    const service = await startService()
    const bare = new PersonalizeRuntimeClient({
      region: 'us-east-1',
      endpoint: service.url,
      credentials: BENCH_CREDENTIALS,
    })
    let client: RecommendationClient | undefined
    try {
      await seed(service.url)
      const { createRecommendationClient } = await import('@personalize-kit/core')
      client = createRecommendationClient({
        clientConfig: { region: 'us-east-1', endpoint: service.url, credentials: BENCH_CREDENTIALS },
        cache: false,
        // Far above any call here: every answer must come from the service to be comparable.
        timeoutMs: 10_000,
      })
      const kit = client
      const subjects = {
        bare: () => bare.send(new GetRecommendationsCommand(INPUT)),
        kit: async () => {
          const answer = await kit.getRecommendations(INPUT)
          if (answer.source !== 'personalize') throw new Error(`answered by the ${answer.source}`)
        },
      }
      const rounds = ctx.smoke ? 2 : 8
      const perRound = ctx.smoke ? 50 : 400
      await timeCalls(ctx.smoke ? 20 : 200, subjects.bare)
      await timeCalls(ctx.smoke ? 20 : 200, subjects.kit)
      const samples = { bare: [] as number[], kit: [] as number[] }
      // Alternating rounds (bare, kit, then kit, bare, …) spread other work on the machine over both sides.
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['bare', 'kit'] as const) : (['kit', 'bare'] as const)
        for (const key of order) samples[key].push(...(await timeCalls(perRound, subjects[key])))
      }
      const sorted = {
        bare: [...samples.bare].sort((a, b) => a - b),
        kit: [...samples.kit].sort((a, b) => a - b),
      }
      const p = (key: 'bare' | 'kit', q: number) => quantileSorted(sorted[key], q)
      const added50 = p('kit', 0.5) - p('bare', 0.5)
      const added99 = p('kit', 0.99) - p('bare', 0.99)
      ctx.log(
        `bare p50 ${formatNumber(p('bare', 0.5))} ms, client p50 ${formatNumber(p('kit', 0.5))} ms (added ${formatNumber(added50)} ms)`,
      )
      return {
        figures: [
          {
            name: 'GetRecommendations p50 through createRecommendationClient (cache off)',
            value: p('kit', 0.5),
            unit: 'ms',
            baseline: { name: 'bare SDK call', value: p('bare', 0.5) },
          },
          {
            name: 'Added latency at p50 (client − bare SDK)',
            value: added50,
            unit: 'ms',
            goal: { text: '≤ 0.5 ms', met: service.kind === 'emulator' ? added50 <= 0.5 : null },
          },
          { name: 'Added latency at p99 (client − bare SDK)', value: added99, unit: 'ms' },
        ],
        notes: [
          ...serviceNote(service.kind),
          `The same GetRecommendations (demo best sellers, 10 of 50 items) sent one at a time over loopback to the ` +
            `emulator in its own process: ${rounds} alternating rounds of ${perRound} calls per side after a warm-up, ` +
            'the bare `@aws-sdk/client-personalize-runtime` client against `createRecommendationClient` with its ' +
            'cache off, so every call reaches the service. What the client adds is validation, the request key, ' +
            'the coalescing map, the budget timer, an AbortController and copying the items.',
          `Bare SDK p50 ${formatNumber(p('bare', 0.5))} ms, p99 ${formatNumber(p('bare', 0.99))} ms; client p50 ` +
            `${formatNumber(p('kit', 0.5))} ms, p99 ${formatNumber(p('kit', 0.99))} ms.`,
        ],
      }
    } finally {
      client?.destroy()
      bare.destroy()
      await service.stop()
    }
  },
}
