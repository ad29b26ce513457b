import {
  GetActionRecommendationsCommand,
  GetPersonalizedRankingCommand,
  GetRecommendationsCommand,
  PersonalizeRuntimeClient,
} from '@aws-sdk/client-personalize-runtime'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import { DEFAULT_RUNTIME_ARNS as ARN } from './resource-kinds'

let emulator: Emulator
let client: PersonalizeRuntimeClient
const ACTIONS = 'arn:aws:personalize:us-east-1:000000000000:campaign/actions'
const FILTER = 'arn:aws:personalize:us-east-1:000000000000:filter/by-category'

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    quiet: true,
    runtime: {
      resources: [{ arn: ACTIONS, kind: 'personalized-actions' }],
      filters: [{ arn: FILTER, expression: 'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)' }],
    },
  })
  client = new PersonalizeRuntimeClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
})
afterAll(async () => {
  client.destroy()
  await emulator.stop()
})

type SdkError = Error & { $metadata: { httpStatusCode: number; requestId?: string }; $fault: string }
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection')
    },
    (e: unknown) => e as SdkError,
  )

async function invalid(p: Promise<unknown>, message: RegExp | string) {
  const e = await rejection(p)
  expect(e.name).toBe('InvalidInputException')
  expect(e.$metadata.httpStatusCode).toBe(400)
  expect(e.$fault).toBe('client')
  expect(e.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
  if (typeof message === 'string') expect(e.message).toBe(message)
  else expect(e.message).toMatch(message)
}

describe('runtime errors, as the real SDK sees them', () => {
  it('InvalidInputException for the rules the model does not carry', async () => {
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          recommenderArn: ARN.bestSellers,
        }),
      ),
      'Provide either campaignArn or recommenderArn, not both',
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ userId: 'u1' })),
      'Either campaignArn or recommenderArn is required',
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ campaignArn: ARN.userPersonalization })),
      /^userId is required for .*demo-user-personalization \(USER_PERSONALIZATION\)$/,
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ campaignArn: ARN.relatedItems, userId: 'u1' })),
      /^itemId is required for .*demo-related-items/,
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ recommenderArn: ARN.alsoViewed })),
      /^itemId is required for .*demo-also-viewed/,
    )
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u1',
          numResults: 501,
        }),
      ),
      'numResults must be at most 500, got 501',
    )
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u1',
          numResults: 51,
          metadataColumns: { ITEMS: ['CATEGORY'] },
        }),
      ),
      'numResults must be at most 50 when metadataColumns are requested, got 51',
    )
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u1',
          metadataColumns: { USERS: ['AGE'] },
        }),
      ),
      "metadataColumns supports the ITEMS dataset only, got 'USERS'",
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ campaignArn: ARN.ranking, userId: 'u1' })),
      /demo-ranking is a PERSONALIZED_RANKING campaign: it answers GetPersonalizedRanking, not GetRecommendations$/,
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ campaignArn: ARN.bestSellers })),
      /is a recommender; pass it as recommenderArn, not campaignArn$/,
    )
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u1',
          promotions: [{ name: 'tea', percentPromotedItems: 10 }],
        }),
      ),
      'promotions.1.member.filterArn is required',
    )
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u1',
          filterArn: FILTER,
          filterValues: { CATEGORY: 'tea' },
        }),
      ),
      /^filterValues.CATEGORY must be quoted values separated by commas/,
    )
  })

  it('InvalidInputException from the generated constraints, in the AWS dialect', async () => {
    await invalid(
      client.send(
        new GetRecommendationsCommand({
          campaignArn: ARN.userPersonalization,
          userId: 'u'.repeat(257),
          promotions: [{ name: 'p', percentPromotedItems: 101, filterArn: FILTER }],
        }),
      ),
      /^2 validation errors detected: Value 'u{64}…' at 'userId' failed to satisfy constraint: Member must have length less than or equal to 256; Value '101' at 'promotions\.1\.member\.percentPromotedItems' failed to satisfy constraint: Member must have value less than or equal to 100$/,
    )
    await invalid(
      client.send(new GetRecommendationsCommand({ campaignArn: 'arn:aws:s3:::bucket', userId: 'u1' })),
      /Value 'arn:aws:s3:::bucket' at 'campaignArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    )
    await invalid(
      client.send(
        new GetPersonalizedRankingCommand({
          campaignArn: ARN.ranking,
          userId: 'u1',
          inputList: Array.from({ length: 501 }, (_, i) => `i${i}`),
        }),
      ),
      'inputList must contain at most 500 items, got 501',
    )
    await invalid(
      client.send(
        new GetPersonalizedRankingCommand({
          campaignArn: ARN.ranking,
          userId: undefined as never,
          inputList: ['a'],
        }),
      ),
      "1 validation error detected: Value null at 'userId' failed to satisfy constraint: Member must not be null",
    )
    await invalid(
      client.send(new GetActionRecommendationsCommand({ userId: 'u1' })),
      'campaignArn is required',
    )
    await invalid(
      client.send(
        new GetActionRecommendationsCommand({ campaignArn: ACTIONS, userId: 'u1', numResults: 101 }),
      ),
      'numResults must be at most 100, got 101',
    )
  })

  it('ResourceNotFoundException (404) for unknown campaigns, recommenders and filters', async () => {
    const missing = [
      new GetRecommendationsCommand({ campaignArn: `${ARN.userPersonalization}-x`, userId: 'u1' }),
      new GetRecommendationsCommand({ recommenderArn: `${ARN.bestSellers}-x` }),
      new GetRecommendationsCommand({
        recommenderArn: ARN.bestSellers,
        filterArn: 'arn:aws:personalize:us-east-1:000000000000:filter/none',
      }),
      new GetPersonalizedRankingCommand({ campaignArn: `${ARN.ranking}-x`, userId: 'u1', inputList: ['a'] }),
      new GetActionRecommendationsCommand({ campaignArn: `${ACTIONS}-x`, userId: 'u1' }),
    ]
    for (const command of missing) {
      const e = await rejection(client.send(command as never))
      expect(e.name).toBe('ResourceNotFoundException')
      expect(e.$metadata.httpStatusCode).toBe(404)
      expect(e.message).toMatch(/^Resource arn:aws:personalize:us-east-1:000000000000:\S+ does not exist\.$/)
    }
  })

  it('answers errors with x-amzn-ErrorType, x-amzn-RequestId, Date and a {"message"} body', async () => {
    const res = await fetch(`${emulator.url}/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ campaignArn: `${ARN.userPersonalization}-x`, userId: 'u1' }),
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException')
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('date')).toBeTruthy()
    expect(await res.json()).toEqual({ message: `Resource ${ARN.userPersonalization}-x does not exist.` })
    const log = emulator.requests().at(-1)
    expect(log).toMatchObject({ operation: 'GetRecommendations', status: 404, outcome: 'not-found' })
  })

  it('answers wrong member types with 400 SerializationException and malformed JSON likewise', async () => {
    const post = (body: string) =>
      fetch(`${emulator.url}/recommendations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    const typed = await post(JSON.stringify({ recommenderArn: ARN.bestSellers, numResults: '5' }))
    expect(typed.status).toBe(400)
    expect(typed.headers.get('x-amzn-errortype')).toBe('SerializationException')
    expect(((await typed.json()) as { message: string }).message).toBe(
      "Expected an integer at 'numResults', got string",
    )
    const broken = await post('{"recommenderArn":')
    expect(broken.status).toBe(400)
    expect(broken.headers.get('x-amzn-errortype')).toBe('SerializationException')
    const map = await post(JSON.stringify({ recommenderArn: ARN.bestSellers, filterValues: ['a'] }))
    expect(((await map.json()) as { message: string }).message).toBe(
      "Expected a map at 'filterValues', got array",
    )
  })
})
