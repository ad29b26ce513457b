import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { detectExternalClients, runClient } from './external-clients.test.helpers'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

const { hasBoto3, hasAwsCli } = detectExternalClients('events')

let emulator: Emulator
beforeAll(async () => {
  // strict: proves their SigV4 signatures verify, not just that the emulator ignores them.
  emulator = await startEmulator({ port: 0, signature: 'strict' })
})
afterAll(() => emulator.stop())
beforeEach(() => emulator.reset())

const BOTO3_SCRIPT = `
import sys, json, datetime, boto3
c = boto3.client('personalize-events', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id='test', aws_secret_access_key='test')
r = c.put_events(trackingId='tid-py', userId='u1', sessionId='s-py',
                 eventList=[{'eventType': 'click', 'sentAt': datetime.datetime(2026, 1, 2, 3, 4, 5), 'itemId': 'i1',
                             'properties': json.dumps({'numberOfRatings': '12'})}])
print('OK', r['ResponseMetadata']['HTTPStatusCode'], r['ResponseMetadata']['RequestId'])
c.put_items(datasetArn='arn:aws:personalize:us-east-1:123456789012:dataset/shop/ITEMS', items=[{'itemId': 'i1'}])
try:
    c.put_events(trackingId='tid-py', sessionId='s-py',
                 eventList=[{'eventType': 'click', 'sentAt': 1, 'properties': '{"userId": "u1"}'}])
    print('NO ERROR')
except c.exceptions.InvalidInputException as e:
    print('INVALID', e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message'])
`

describe.skipIf(!hasBoto3)('boto3', () => {
  it('puts events and items, and raises client.exceptions.InvalidInputException on bad input', async () => {
    const py = await runClient('python3', ['-c', BOTO3_SCRIPT, emulator.url])
    expect(py.stderr).toBe('')
    const lines = py.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^OK 200 [0-9a-f-]{36}$/)
    expect(lines[1]).toMatch(
      /^INVALID InvalidInputException 400 1 validation error detected: .*reserved key 'userId'/,
    )
    const [event, item] = emulator.records()
    expect(event).toMatchObject({
      trackingId: 'tid-py',
      sessionId: 's-py',
      userId: 'u1',
      itemId: 'i1',
      data: { sentAt: 1767323045, properties: '{"numberOfRatings": "12"}' },
    })
    expect(item).toMatchObject({ operation: 'PutItems', itemId: 'i1' })
    expect(emulator.requests().map((r) => r.signature?.status)).toEqual(['valid', 'valid', 'valid'])
  })
})

describe.skipIf(!hasAwsCli)('AWS CLI', () => {
  const aws = (...args: string[]) =>
    runClient('aws', ['personalize-events', ...args, '--endpoint-url', emulator.url])

  it('put-events succeeds silently and the event is stored', async () => {
    const cli = await aws(
      'put-events',
      '--tracking-id',
      'tid-cli',
      '--session-id',
      's-cli',
      '--event-list',
      '[{"eventType":"view","sentAt":1700000000}]',
    )
    expect(cli.stderr).toBe('')
    expect(cli.status).toBe(0)
    expect(emulator.records()).toMatchObject([
      { trackingId: 'tid-cli', sessionId: 's-cli', eventType: 'view' },
    ])
  })

  it('prints the error code and message for invalid input and exits non-zero', async () => {
    const cli = await aws('put-items', '--dataset-arn', 'arn:aws:s3:::bucket', '--items', '[{"itemId":"i1"}]')
    expect(cli.status).not.toBe(0)
    expect(cli.stderr).toContain(
      'An error occurred (InvalidInputException) when calling the PutItems operation: 1 validation error detected',
    )
    expect(cli.stderr).toContain(
      "at 'datasetArn' failed to satisfy constraint: Member must satisfy regular expression pattern",
    )
    expect(emulator.records()).toEqual([])
  })
})
