import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { detectExternalClients, runClient } from '../external-clients.test.helpers'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'
import { DEFAULT_RUNTIME_ARNS, DEMO_DATASET_GROUP } from './resource-kinds'

const { hasBoto3, hasAwsCli } = detectExternalClients('runtime')

let emulator: Emulator
beforeAll(async () => {
  // strict: proves their SigV4 signatures verify, not just that the emulator ignores them.
  emulator = await startEmulator({ port: 0, signature: 'strict', quiet: true, seed: 1 })
})
afterAll(() => emulator.stop())

const BOTO3_SCRIPT = `
import sys, json, boto3
ev = boto3.client('personalize-events', endpoint_url=sys.argv[1], region_name='us-east-1',
                  aws_access_key_id='test', aws_secret_access_key='test')
rt = boto3.client('personalize-runtime', endpoint_url=sys.argv[1], region_name='us-east-1',
                  aws_access_key_id='test', aws_secret_access_key='test')
ev.put_items(datasetArn=sys.argv[2], items=[{'itemId': 'p1', 'properties': json.dumps({'category': 'tea'})},
                                            {'itemId': 'p2', 'properties': json.dumps({'category': 'gear'})}])
ev.put_events(trackingId='demo-tracking-id', sessionId='s-py', userId='u-py',
              eventList=[{'eventType': 'view', 'sentAt': 1700000000, 'itemId': 'p1'},
                         {'eventType': 'view', 'sentAt': 1700000001, 'itemId': 'p2'}])
r = rt.get_recommendations(campaignArn=sys.argv[3], itemId='p1', numResults=5,
                           metadataColumns={'ITEMS': ['CATEGORY']})
print('OK', r['ResponseMetadata']['HTTPStatusCode'], r['recommendationId'], json.dumps(r['itemList']))
r = rt.get_personalized_ranking(campaignArn=sys.argv[4], userId='u-py', inputList=['p2', 'zz', 'p1'])
print('RANK', json.dumps([i['itemId'] for i in r['personalizedRanking']]))
try:
    rt.get_recommendations(campaignArn=sys.argv[3] + 'x', itemId='p1')
except rt.exceptions.ResourceNotFoundException as e:
    print('NOTFOUND', e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message'])
try:
    rt.get_recommendations(campaignArn=sys.argv[3])
except rt.exceptions.InvalidInputException as e:
    print('INVALID', e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message'])
`

describe.skipIf(!hasBoto3)('boto3 personalize-runtime', () => {
  it('gets recommendations and rankings, and raises the modelled exceptions', async () => {
    const py = await runClient('python3', [
      '-c',
      BOTO3_SCRIPT,
      emulator.url,
      DEMO_DATASET_GROUP.itemsDatasetArn,
      DEFAULT_RUNTIME_ARNS.relatedItems,
      DEFAULT_RUNTIME_ARNS.ranking,
    ])
    expect(py.stderr).toBe('')
    const lines = py.stdout.trim().split('\n')
    const ok = /^OK 200 (RID-[0-9a-f-]{36}) (.*)$/.exec(lines[0] ?? '')
    expect(ok).not.toBeNull()
    const items = JSON.parse(ok?.[2] ?? '[]') as { itemId: string; metadata: Record<string, string> }[]
    expect(items).toEqual([expect.objectContaining({ itemId: 'p2', metadata: { CATEGORY: 'gear' } })])
    // u-py viewed p1 then p2: p1 co-occurs with the most recent item (p2) so it leads; zz is unknown, last.
    expect(lines[1]).toBe('RANK ["p1", "p2", "zz"]')
    expect(lines[2]).toBe(`NOTFOUND 404 Resource ${DEFAULT_RUNTIME_ARNS.relatedItems}x does not exist.`)
    expect(lines[3]).toMatch(/^INVALID 400 itemId is required for /)
    expect(emulator.recommendations().map((r) => r.recommendationId)).toContain(ok?.[1])
  })
})

describe.skipIf(!hasAwsCli)('AWS CLI personalize-runtime', () => {
  it('get-recommendations prints the answer; an unknown campaign exits non-zero with the error', async () => {
    const ok = await runClient('aws', [
      'personalize-runtime',
      'get-recommendations',
      '--recommender-arn',
      DEFAULT_RUNTIME_ARNS.bestSellers,
      '--endpoint-url',
      emulator.url,
    ])
    expect(ok.stderr).toBe('')
    expect(ok.status).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ recommendationId: expect.stringMatching(/^RID-/) })
    const missing = await runClient('aws', [
      'personalize-runtime',
      'get-recommendations',
      '--campaign-arn',
      'arn:aws:personalize:us-east-1:000000000000:campaign/none',
      '--user-id',
      'u1',
      '--endpoint-url',
      emulator.url,
    ])
    expect(missing.status).not.toBe(0)
    expect(missing.stderr).toContain(
      'An error occurred (ResourceNotFoundException) when calling the GetRecommendations operation: Resource arn:aws:personalize:us-east-1:000000000000:campaign/none does not exist.',
    )
  })
})
