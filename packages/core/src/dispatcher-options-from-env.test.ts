import { describe, expect, it } from 'vitest'
import { dispatcherOptionsFromEnv } from './dispatcher-options-from-env'

describe('dispatcherOptionsFromEnv', () => {
  it('targets the local emulator when no tracking id is set', () => {
    expect(dispatcherOptionsFromEnv({})).toEqual({
      trackingId: 'demo-tracking-id',
      actionTrackingId: 'demo-action-tracking-id',
      datasets: {
        items: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ITEMS',
        users: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/USERS',
        actions: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ACTIONS',
      },
      clientConfig: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4599',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
    })
    expect(
      dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: 'http://127.0.0.1:5000' }).clientConfig?.endpoint,
    ).toBe('http://127.0.0.1:5000')
  })

  it('targets AWS with the default credential chain when a tracking id is set', () => {
    expect(
      dispatcherOptionsFromEnv({
        PERSONALIZE_TRACKING_ID: 'tid',
        PERSONALIZE_ACTION_TRACKING_ID: 'atid',
        AWS_REGION: 'eu-west-1',
        PERSONALIZE_ITEMS_DATASET_ARN: 'arn:aws:personalize:eu-west-1:1:dataset/x/ITEMS',
        PERSONALIZE_USERS_DATASET_ARN: '',
      }),
    ).toEqual({
      trackingId: 'tid',
      actionTrackingId: 'atid',
      datasets: { items: 'arn:aws:personalize:eu-west-1:1:dataset/x/ITEMS' },
      clientConfig: { region: 'eu-west-1' },
    })
  })
})
