import { describe, expect, it } from 'vitest'
import { PersonalizeKitError, PersonalizeValidationError } from '../errors'
import { checkGetPersonalizedRanking, checkGetRecommendations } from './validate-request'

const CAMPAIGN = 'arn:aws:personalize:us-east-1:000000000000:campaign/demo-user-personalization'
const RECOMMENDER = 'arn:aws:personalize:us-east-1:000000000000:recommender/demo-recommended-for-you'
const FILTER = 'arn:aws:personalize:us-east-1:000000000000:filter/in-stock'

function issuesOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalizeValidationError)
    expect(error).toBeInstanceOf(PersonalizeKitError)
    expect((error as PersonalizeValidationError).code).toBe('PERSONALIZE_VALIDATION')
    return (error as PersonalizeValidationError).issues
  }
  throw new Error('expected a PersonalizeValidationError')
}

describe('checkGetRecommendations', () => {
  it('builds the SDK request and a key that ignores the order of map keys', () => {
    const a = checkGetRecommendations({
      recommenderArn: RECOMMENDER,
      userId: 'u-1',
      numResults: 5,
      context: { DEVICE: 'mobile', LOCATION: 'de' },
      filterArn: FILTER,
      filterValues: { CATEGORY: '"tea"' },
    })
    const b = checkGetRecommendations({
      filterValues: { CATEGORY: '"tea"' },
      filterArn: FILTER,
      context: { LOCATION: 'de', DEVICE: 'mobile' },
      numResults: 5,
      userId: 'u-1',
      recommenderArn: RECOMMENDER,
    })
    expect(a.request).toEqual({
      recommenderArn: RECOMMENDER,
      userId: 'u-1',
      numResults: 5,
      context: { DEVICE: 'mobile', LOCATION: 'de' },
      filterArn: FILTER,
      filterValues: { CATEGORY: '"tea"' },
    })
    expect(a.key).toBe(b.key)
    expect(a.numResults).toBe(5)
    expect(checkGetRecommendations({ recommenderArn: RECOMMENDER, userId: 'u-2' }).key).not.toBe(a.key)
  })

  it('keys an anonymous visitor by the session id, sent as userId; a signed-in user by userId', () => {
    expect(checkGetRecommendations({ campaignArn: CAMPAIGN, sessionId: 's-123' }).request.userId).toBe(
      's-123',
    )
    expect(
      checkGetRecommendations({ campaignArn: CAMPAIGN, userId: 'u-1', sessionId: 's-123' }).request.userId,
    ).toBe('u-1')
    expect(checkGetRecommendations({ campaignArn: CAMPAIGN, itemId: 'sku-1' }).request).toEqual({
      campaignArn: CAMPAIGN,
      itemId: 'sku-1',
    })
  })

  it('defaults numResults to 25 like the service', () => {
    expect(checkGetRecommendations({ campaignArn: CAMPAIGN, userId: 'u' }).numResults).toBe(25)
  })

  it('requires exactly one of campaignArn and recommenderArn', () => {
    expect(issuesOf(() => checkGetRecommendations({ userId: 'u' }))).toEqual([
      { path: 'campaignArn', message: 'exactly one of campaignArn and recommenderArn is required' },
    ])
    expect(
      issuesOf(() => checkGetRecommendations({ campaignArn: CAMPAIGN, recommenderArn: RECOMMENDER })),
    ).toHaveLength(1)
  })

  it('names every field and limit broken, all at once', () => {
    const issues = issuesOf(() =>
      checkGetRecommendations({
        campaignArn: 'campaign/demo',
        userId: 'u'.repeat(257),
        itemId: 'null',
        numResults: 501,
        context: { 'bad-key': 'x', OK: 'v'.repeat(1001) },
        filterArn: FILTER,
        filterValues: Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`P${i}`, 'x'])),
        promotions: [
          { name: '-promo', percentPromotedItems: 0, filterArn: FILTER },
          { name: 'second', percentPromotedItems: 10, filterArn: FILTER },
        ],
        timeoutMs: 0,
      }),
    )
    expect(issues).toEqual([
      {
        path: 'campaignArn',
        message: 'must match the ARN pattern ^arn:([a-z\\d-]+):personalize:.*:.*:.+$',
      },
      { path: 'userId', message: 'must be at most 256 characters, got 257' },
      {
        path: 'itemId',
        message: "must be a real id, got the string 'null' (a serialised null/undefined)",
      },
      { path: 'numResults', message: 'must be an integer 0..500, got 501' },
      { path: 'context.OK', message: 'must be at most 1000 characters, got 1001' },
      { path: 'context.bad-key', message: 'key must be 1..150 characters of A-Z, a-z, 0-9 and _' },
      { path: 'filterValues', message: 'must hold at most 25 entries, got 26' },
      { path: 'promotions', message: 'must be an array of at most 1 promotion, got 2' },
      { path: 'timeoutMs', message: 'must be an integer 1..600000, got 0' },
    ])
  })

  it('lowers the numResults limit to 50 when metadata columns are requested', () => {
    const input = { campaignArn: CAMPAIGN, userId: 'u', metadataColumns: { ITEMS: ['TITLE'] } }
    expect(checkGetRecommendations({ ...input, numResults: 50 }).request.numResults).toBe(50)
    expect(issuesOf(() => checkGetRecommendations({ ...input, numResults: 51 }))).toEqual([
      { path: 'numResults', message: 'must be an integer 0..50 with metadataColumns, got 51' },
    ])
    expect(
      issuesOf(() =>
        checkGetRecommendations({
          ...input,
          metadataColumns: { ITEMS: ['TITLE'], USERS: ['AGE'] },
        }),
      ),
    ).toEqual([{ path: 'metadataColumns', message: 'must name at most 1 dataset type, got 2' }])
  })

  it('checks a promotion: name pattern, share 1..100 %, filter ARN', () => {
    const issues = issuesOf(() =>
      checkGetRecommendations({
        campaignArn: CAMPAIGN,
        userId: 'u',
        promotions: [{ name: '-promo', percentPromotedItems: 101, filterArn: 'nope' }],
      }),
    )
    expect(issues.map((issue) => issue.path)).toEqual([
      'promotions[0].name',
      'promotions[0].percentPromotedItems',
      'promotions[0].filterArn',
    ])
    expect(issues[1]!.message).toBe('must be an integer 1..100, got 101')
    const ok = checkGetRecommendations({
      campaignArn: CAMPAIGN,
      userId: 'u',
      promotions: [{ name: 'tea_week', percentPromotedItems: 20, filterArn: FILTER }],
    })
    expect(ok.request.promotions).toEqual([{ name: 'tea_week', percentPromotedItems: 20, filterArn: FILTER }])
  })

  it('refuses what is not an object', () => {
    expect(issuesOf(() => checkGetRecommendations(null as never))).toEqual([
      { path: 'input', message: 'must be an object' },
    ])
  })
})

describe('checkGetPersonalizedRanking', () => {
  const RANKING = 'arn:aws:personalize:us-east-1:000000000000:campaign/demo-ranking'

  it('builds the SDK request; the session stands in for an anonymous user', () => {
    const checked = checkGetPersonalizedRanking({
      campaignArn: RANKING,
      sessionId: 's-1',
      inputList: ['a', 'b'],
    })
    expect(checked.request).toEqual({ campaignArn: RANKING, userId: 's-1', inputList: ['a', 'b'] })
    expect(checked.numResults).toBe(2)
  })

  it('requires a user or session and 1..500 item ids (50 with metadata columns)', () => {
    expect(issuesOf(() => checkGetPersonalizedRanking({ campaignArn: RANKING, inputList: ['a'] }))).toEqual([
      { path: 'userId', message: 'is required (or sessionId for an anonymous visitor)' },
    ])
    const many = Array.from({ length: 501 }, (_, i) => `i${i}`)
    expect(
      issuesOf(() => checkGetPersonalizedRanking({ campaignArn: RANKING, userId: 'u', inputList: many })),
    ).toEqual([{ path: 'inputList', message: 'must be an array of 1..500 item ids, got 501' }])
    expect(
      issuesOf(() =>
        checkGetPersonalizedRanking({
          campaignArn: RANKING,
          userId: 'u',
          inputList: many.slice(0, 51),
          metadataColumns: { ITEMS: ['TITLE'] },
        }),
      ),
    ).toEqual([
      { path: 'inputList', message: 'must be an array of 1..50 item ids with metadataColumns, got 51' },
    ])
    expect(
      issuesOf(() =>
        checkGetPersonalizedRanking({ campaignArn: RANKING, userId: 'u', inputList: ['a', ''] }),
      ),
    ).toEqual([{ path: 'inputList[1]', message: 'must not be empty (1..256 characters)' }])
  })
})
