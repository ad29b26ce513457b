import {
  DEFAULT_CREDENTIALS,
  DEFAULT_RUNTIME_ARNS,
  DEMO_DATASET_GROUP,
  type Emulator,
  startEmulator,
} from '@personalize-kit/emulator'
import { afterEach, describe, expect, it } from 'vitest'
import { createDispatcher } from './dispatcher/create-dispatcher'
import { silentLogger } from './dispatcher/harness.test.helpers'
import { dispatcherOptionsFromEnv, EMULATOR_DEFAULTS } from './dispatcher-options-from-env'
import { createRecommendationClient } from './recommendations/create-recommendation-client'
import { EMULATOR_RESOURCES, recommendationClientOptionsFromEnv } from './recommendations/options-from-env'

// Zero-config apps send to EMULATOR_DEFAULTS and the emulator's demo resources learn from DEMO_DATASET_GROUP: the
// two packages spell the same ids separately, so a rename on one side alone would leave every demo empty.
describe('EMULATOR_DEFAULTS and the emulator demo dataset group', () => {
  let emulator: Emulator | undefined
  afterEach(async () => {
    await emulator?.stop()
    emulator = undefined
  })

  it('name the same trackers, datasets and credentials', () => {
    expect(EMULATOR_DEFAULTS.trackingId).toBe(DEMO_DATASET_GROUP.trackingId)
    expect(EMULATOR_DEFAULTS.actionTrackingId).toBe(DEMO_DATASET_GROUP.actionTrackingId)
    expect(EMULATOR_DEFAULTS.datasets.items).toBe(DEMO_DATASET_GROUP.itemsDatasetArn)
    expect(EMULATOR_DEFAULTS.datasets.actions).toBe(DEMO_DATASET_GROUP.actionsDatasetArn)
    expect(DEFAULT_CREDENTIALS[EMULATOR_DEFAULTS.credentials.accessKeyId]).toBe(
      EMULATOR_DEFAULTS.credentials.secretAccessKey,
    )
    // Apps name the demo resources through EMULATOR_RESOURCES: every default the emulator starts with, and no other.
    expect(EMULATOR_RESOURCES).toEqual(DEFAULT_RUNTIME_ARNS)
    // The demo ARNs live in the region the defaults sign for.
    for (const arn of [...Object.values(DEFAULT_RUNTIME_ARNS), EMULATOR_DEFAULTS.datasets.users])
      expect(arn.split(':')[3]).toBe(EMULATOR_DEFAULTS.region)
  })

  it('let what a zero-config dispatcher sends drive what the demo recommender answers', async () => {
    const started = await startEmulator({ port: 0, quiet: true, signature: 'strict' })
    emulator = started
    const env = { PERSONALIZE_ENDPOINT: started.url }
    const dispatcher = createDispatcher({ ...dispatcherOptionsFromEnv(env), logger: silentLogger() })
    for (const itemId of ['sku-1', 'sku-2', 'sku-3']) dispatcher.putItem({ itemId })
    for (let i = 0; i < 3; i++)
      dispatcher.recordEvent({ sessionId: `buyer-${i}`, eventType: 'purchase', itemId: 'sku-2' })
    dispatcher.recordEvent({ sessionId: 'buyer-0', eventType: 'purchase', itemId: 'sku-3' })
    const report = await dispatcher.close()
    expect(report.deadLettered).toBe(0)

    const recommendations = createRecommendationClient({
      ...recommendationClientOptionsFromEnv(env),
      cache: false,
    })
    try {
      const answer = await recommendations.getRecommendations({
        recommenderArn: DEFAULT_RUNTIME_ARNS.bestSellers,
        numResults: 3,
      })
      expect(answer.source).toBe('personalize')
      expect(answer.items.map((item) => item.itemId).slice(0, 2)).toEqual(['sku-2', 'sku-3'])
    } finally {
      recommendations.destroy()
    }
  })
})
