import { describe, expect, it } from 'vitest'
import { PersonalizeConfigError } from '../errors'
import { recommendationClientOptionsFromEnv } from './options-from-env'

describe('recommendationClientOptionsFromEnv', () => {
  it('targets the local emulator when no tracking id is set', () => {
    expect(recommendationClientOptionsFromEnv({})).toEqual({
      clientConfig: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4599',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
    })
    expect(
      recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: 'http://127.0.0.1:5000' }).clientConfig
        ?.endpoint,
    ).toBe('http://127.0.0.1:5000')
  })

  it('targets AWS with a tracking id, never reusing the events endpoint for the runtime', () => {
    expect(
      recommendationClientOptionsFromEnv({
        PERSONALIZE_TRACKING_ID: 'tid',
        PERSONALIZE_ENDPOINT: 'https://personalize-events.example',
        AWS_REGION: 'eu-west-1',
        PERSONALIZE_RECOMMENDATIONS_TIMEOUT_MS: '200',
      }),
    ).toEqual({ timeoutMs: 200, clientConfig: { region: 'eu-west-1' } })
  })

  it('refuses to point production at the emulator by accident, like dispatcherOptionsFromEnv', () => {
    expect(() => recommendationClientOptionsFromEnv({ NODE_ENV: 'production' })).toThrow(
      PersonalizeConfigError,
    )
    expect(() => recommendationClientOptionsFromEnv({ NODE_ENV: 'production' })).toThrow(
      /PERSONALIZE_TRACKING_ID is not set and NODE_ENV is production/,
    )
    // An emulator on purpose (the demo, a staging box) is fine.
    expect(
      recommendationClientOptionsFromEnv({
        NODE_ENV: 'production',
        PERSONALIZE_ENDPOINT: 'http://127.0.0.1:4599',
      }).clientConfig?.endpoint,
    ).toBe('http://127.0.0.1:4599')
  })
})
