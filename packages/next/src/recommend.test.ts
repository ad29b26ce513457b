import {
  createRecommendationClient,
  EMULATOR_RESOURCES,
  type RecommendationClient,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPersonalize } from './create-personalize'
import { registry } from './registry'
import { type Emulator, emulatorOptions, resetRegistry, startTestEmulator } from './test-helpers'

// No Next.js request scope here (as in a script, a timer or `after()`): recommend looks nobody up and uses the
// ids it is given. Inside a request the session and user come from the same identify() as recordEvent.
let emulator: Emulator
const clients: RecommendationClient[] = []
beforeAll(async () => {
  emulator = await startTestEmulator()
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())
afterEach(async () => {
  for (const client of registry().recommendations?.values() ?? []) client.destroy()
  for (const client of clients.splice(0)) client.destroy()
  await resetRegistry()
})

const recommendationCalls = () =>
  emulator.requests().filter((entry) => (entry.operation as string) === 'GetRecommendations')

const options = () => ({
  dispatcherOptions: emulatorOptions(emulator),
  // A generous budget: these tests are about what is asked, not about a loaded machine's speed.
  recommendations: {
    ...recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    timeoutMs: 5000,
  },
})

describe('recommend', () => {
  it('asks the emulator through the runtime SDK; outside a request it looks nobody up', async () => {
    const { recommend } = createPersonalize(options())
    const answer = await recommend({ recommenderArn: EMULATOR_RESOURCES.bestSellers, numResults: 5 })
    expect(answer).toMatchObject({ source: 'personalize', recommendationId: expect.any(String) })
    const body = JSON.parse(recommendationCalls()[0]!.body)
    expect(body).toEqual({ recommenderArn: EMULATOR_RESOURCES.bestSellers, numResults: 5 })
  })

  it("an anonymous visitor's session id is sent as the user id", async () => {
    const { recommend } = createPersonalize(options())
    const sessionId = 'b'.repeat(32)
    await recommend({ campaignArn: EMULATOR_RESOURCES.userPersonalization, sessionId })
    expect(JSON.parse(recommendationCalls()[0]!.body)).toMatchObject({ userId: sessionId })
  })

  it('one process-wide client per instance name, surviving a hot reload of the module', async () => {
    const first = createPersonalize(options())
    await first.recommend({ recommenderArn: EMULATOR_RESOURCES.bestSellers })
    const reloaded = createPersonalize(options())
    const again = await reloaded.recommend({ recommenderArn: EMULATOR_RESOURCES.bestSellers })
    // The second answer comes from the first client's cache: the same client served both.
    expect(again.source).toBe('cache')
    expect(registry().recommendations?.size).toBe(1)
  })

  it('uses a client of your own', async () => {
    const own = createRecommendationClient({
      ...recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      timeoutMs: 5000,
    })
    clients.push(own)
    const { recommend } = createPersonalize({ ...options(), recommendations: own })
    await recommend({ recommenderArn: EMULATOR_RESOURCES.bestSellers })
    expect(own.stats()).toMatchObject({ requests: 1, personalize: 1 })
    expect(registry().recommendations).toBeUndefined()
  })
})
