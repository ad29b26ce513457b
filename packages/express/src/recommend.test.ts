import {
  createDispatcher,
  createRecommendationClient,
  type Dispatcher,
  dispatcherOptionsFromEnv,
  EMULATOR_RESOURCES,
  type RecommendationClient,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import express from 'express'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { personalize } from './personalize'
import type { PersonalizeOptions } from './types'

let emulator: Emulator
const dispatchers: Dispatcher[] = []
const clients: RecommendationClient[] = []

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterAll(async () => {
  await emulator.stop()
})
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.close({ timeoutMs: 2000 })))
  for (const client of clients.splice(0)) client.destroy()
  emulator.reset()
})

function shop(options: Partial<PersonalizeOptions> = {}) {
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 50,
  })
  dispatchers.push(dispatcher)
  const app = express()
  const pk = personalize({
    dispatcher,
    getUserId: (req) => req.get('x-user'),
    // A generous budget: these tests are about whose list it is, not about a loaded machine's speed.
    recommendations: {
      ...recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      timeoutMs: 5000,
    },
    ...options,
  })
  app.use(pk)
  app.get('/', async (req, res) => {
    const answer = await req.personalize.recommend({
      recommenderArn: EMULATOR_RESOURCES.recommendedForYou,
      numResults: 4,
    })
    req.personalize.recordEvent({ eventType: 'view', itemId: 'home' })
    res.json(answer)
  })
  return { app, pk }
}

const recommendationCalls = () =>
  emulator.requests().filter((entry) => (entry.operation as string) === 'GetRecommendations')

describe('req.personalize.recommend', () => {
  it("an anonymous visitor's recommendations are keyed by the same session as their events", async () => {
    const { app, pk } = shop()
    const response = await request(app).get('/').set('accept', 'text/html').expect(200)
    const cookie = (response.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('pk_sid='),
    )!
    const sessionId = cookie.slice('pk_sid='.length, cookie.indexOf(';'))
    expect(response.body).toMatchObject({ source: 'personalize', recommendationId: expect.any(String) })
    expect(JSON.parse(recommendationCalls()[0]!.body)).toMatchObject({
      recommenderArn: EMULATOR_RESOURCES.recommendedForYou,
      userId: sessionId,
      numResults: 4,
    })
    await pk.dispatcher.flush()
    expect(emulator.records({ operation: 'PutEvents' })).toMatchObject([{ sessionId, itemId: 'home' }])
    expect(pk.recommendations.stats()).toMatchObject({ requests: 1, personalize: 1 })
    await pk.close()
  })

  it("a signed-in visitor's recommendations are keyed by their user id", async () => {
    const { app, pk } = shop()
    await request(app).get('/').set('x-user', 'user-7').expect(200)
    expect(JSON.parse(recommendationCalls()[0]!.body)).toMatchObject({ userId: 'user-7' })
    await pk.close()
  })

  it('uses a client of your own, and a slow service gets the page its fallback', async () => {
    emulator.faults.add({ kind: 'hang', count: 1, operation: 'GetRecommendations' })
    const own = createRecommendationClient({
      ...recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      timeoutMs: 50,
      requestTimeoutMs: 500,
      fallback: ['best-seller-1'],
    })
    clients.push(own)
    const { app, pk } = shop({ recommendations: own })
    const response = await request(app).get('/').expect(200)
    expect(response.body).toEqual({
      items: [{ itemId: 'best-seller-1' }],
      source: 'fallback',
      fallbackReason: 'timeout',
    })
    expect(pk.recommendations).toBe(own)
    await pk.close()
  })

  it("logs through the middleware's logger (a broken ARN, then the fallback)", async () => {
    const lines: { level: string; msg?: string }[] = []
    const log = (level: string) => (_obj: unknown, msg?: string) => {
      lines.push({ level, msg })
    }
    const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
    const dispatcher = createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      logger,
    })
    dispatchers.push(dispatcher)
    const pk = personalize({
      dispatcher,
      recommendations: recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    })
    const app = express()
    app.use(pk)
    app.get('/', async (req, res) => {
      res.json(await req.personalize.recommend({ recommenderArn: `${EMULATOR_RESOURCES.bestSellers}-gone` }))
    })
    expect((await request(app).get('/').expect(200)).body).toMatchObject({ source: 'fallback' })
    expect(lines).toContainEqual({
      level: 'warn',
      msg: expect.stringMatching(/GetRecommendations failed \(ResourceNotFoundException/),
    })
    await pk.close()
  })
})
