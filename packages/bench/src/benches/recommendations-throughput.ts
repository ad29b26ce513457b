import { PutEventsCommand, PutItemsCommand } from '@aws-sdk/client-personalize-events'
import { GetRecommendationsCommand, PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { measureAlternating } from '../lib/alternate'
import { serviceNote, startService } from '../lib/emulator-host'
import { formatNumber } from '../lib/format'
import { BENCH_CREDENTIALS, createBareClient } from '../lib/sdk-client'
import { buildSignedPutEvents, capturingRequestHandler, type WireRequest } from '../lib/signed-requests'
import { ratio } from '../lib/stats'
import type { Bench } from '../types'

// The emulator's demo dataset group and campaign (EMULATOR_DEFAULTS in core, DEFAULT_RUNTIME_ARNS in the emulator).
const USER_PERSONALIZATION = 'arn:aws:personalize:us-east-1:000000000000:campaign/demo-user-personalization'
const ITEMS_DATASET = 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ITEMS'
const TRACKING_ID = 'demo-tracking-id'
const ITEMS = 200

/** Teaches the demo dataset group a catalogue and each user a history, so every answer is computed from data. */
async function seed(url: string, users: number): Promise<void> {
  const events = createBareClient(url)
  try {
    for (let i = 0; i < ITEMS; i += 10)
      await events.send(
        new PutItemsCommand({
          datasetArn: ITEMS_DATASET,
          items: Array.from({ length: 10 }, (_, k) => ({ itemId: `item-${i + k}` })),
        }),
      )
    for (let u = 0; u < users; u++)
      await events.send(
        new PutEventsCommand({
          trackingId: TRACKING_ID,
          sessionId: `session-${u}`,
          userId: `user-${u}`,
          eventList: Array.from({ length: 10 }, (_, e) => ({
            eventType: e % 5 === 4 ? 'purchase' : 'view',
            itemId: `item-${(u * 13 + e * 7) % ITEMS}`,
            sentAt: new Date(),
          })),
        }),
      )
  } finally {
    events.destroy()
  }
}

/** Signed GetRecommendations requests (one per user, in turn), captured from the real runtime SDK for replay. */
async function buildSignedGetRecommendations(endpoint: string, users: number): Promise<WireRequest[]> {
  const captured: WireRequest[] = []
  const client = new PersonalizeRuntimeClient({
    region: 'us-east-1',
    endpoint,
    credentials: BENCH_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: capturingRequestHandler(captured, {
      headers: { 'content-type': 'application/json' },
      body: '{"itemList":[]}',
    }),
  })
  try {
    for (let u = 0; u < users; u++)
      await client.send(
        new GetRecommendationsCommand({
          campaignArn: USER_PERSONALIZATION,
          userId: `user-${u}`,
          numResults: 10,
        }),
      )
  } finally {
    client.destroy()
  }
  return captured
}

/** One real call through the SDK: the replayed requests must be answered with real items, not an empty list. */
async function checkAnswer(url: string): Promise<number> {
  const client = new PersonalizeRuntimeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: BENCH_CREDENTIALS,
  })
  try {
    const answer = await client.send(
      new GetRecommendationsCommand({ campaignArn: USER_PERSONALIZATION, userId: 'user-3', numResults: 10 }),
    )
    const items = answer.itemList?.length ?? 0
    if (items === 0) throw new Error('the seeded emulator answered GetRecommendations with no items')
    return items
  } finally {
    client.destroy()
  }
}

/**
 * GetRecommendations calls/s the emulator answers, beside its validated PutEvents calls/s measured in the same run
 * (alternating rounds, same process, same connections).
 */
export const recommendationsThroughputBench: Bench = {
  id: 'recommendations-throughput',
  title: '11. GetRecommendations on the emulator',
  profile: false,
  async run(ctx) {
    const service = await startService()
    try {
      // Fewer users in a smoke run: seeding is sequential calls, slow on a loaded machine.
      const users = ctx.smoke ? 20 : 100
      await seed(service.url, users)
      const items = await checkAnswer(service.url)
      const [gets, puts] = await Promise.all([
        buildSignedGetRecommendations(service.url, users),
        buildSignedPutEvents(service.url, 200, 'bench-recommendations-baseline'),
      ])
      const connections = 32
      const rounds = ctx.smoke ? 1 : 3
      const durationSec = ctx.smoke ? 1 : 5
      const target = (requests: WireRequest[]) => ({
        url: service.url,
        serverPid: service.worker.pid,
        connections,
        requests: requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, body: r.body })),
      })
      const results = await measureAlternating(
        [
          { key: 'get', options: target(gets) },
          { key: 'put', options: target(puts) },
        ],
        { rounds, durationSec, warmupSec: ctx.smoke ? 0.5 : 2, pauseSec: ctx.smoke ? 0 : 1, log: ctx.log },
      )
      const get = results.get('get')
      const put = results.get('put')
      const value = get?.okPerSecond ?? null
      const baseline = put?.okPerSecond ?? null
      const notes = [
        ...serviceNote(service.kind),
        `The emulator (defaults: validation on, signatures checked in \`warn\` mode) in its own single-threaded Node ` +
          `process, seeded first through the real SDK with ${ITEMS} items (PutItems to the demo ITEMS dataset) and ` +
          `10 events for each of ${users} users (PutEvents with the demo tracking id), so each answer is computed ` +
          `from data (a check call got ${items} items). autocannon replays ${gets.length} signed ` +
          `GetRecommendations (demo user-personalization campaign, one user each, numResults 10) with ` +
          `${connections} connections, alternating with 200 signed PutEvents of 10 events each (the baseline, as ` +
          `in bench 8): ${rounds} round${rounds > 1 ? 's' : ''} of ${durationSec} s per side after a warm-up, best ` +
          'round kept.',
      ]
      if (get && put)
        notes.push(
          `GetRecommendations p50 ${formatNumber(get.latencyP50Ms)} ms, p99 ${formatNumber(get.latencyP99Ms)} ms; ` +
            `PutEvents p50 ${formatNumber(put.latencyP50Ms)} ms, p99 ${formatNumber(put.latencyP99Ms)} ms. ` +
            `Status codes: GetRecommendations ${JSON.stringify(get.statusCodes)}, PutEvents ${JSON.stringify(put.statusCodes)}.`,
        )
      if (get?.serverCpuPerOkUs != null)
        notes.push(
          `The emulator used ${formatNumber(get.serverCpuPerOkUs)} µs of CPU per GetRecommendations` +
            (put?.serverCpuPerOkUs != null
              ? ` (${formatNumber(put.serverCpuPerOkUs)} µs per PutEvents)`
              : '') +
            `, i.e. about ${formatNumber(1e6 / get.serverCpuPerOkUs)} calls/s with a core to itself.`,
        )
      if ((get?.non2xx ?? 0) > 0)
        notes.push('**Some GetRecommendations calls were not answered 200** (see above).')
      return {
        figures: [
          {
            name: 'GetRecommendations calls/s (user personalization, 10 items, seeded), one core',
            value,
            unit: 'calls/s',
            baseline: { name: 'validated PutEvents calls/s (10 events each), same run', value: baseline },
            ratio: ratio(value, baseline),
          },
        ],
        notes,
      }
    } finally {
      await service.stop()
    }
  },
}
