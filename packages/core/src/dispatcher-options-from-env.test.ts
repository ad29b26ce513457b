import { afterEach, describe, expect, it, vi } from 'vitest'
import { createDispatcher } from './dispatcher/create-dispatcher'
import { silentLogger } from './dispatcher/harness.test.helpers'
import { dispatcherOptionsFromEnv } from './dispatcher-options-from-env'
import { PersonalizeConfigError, PersonalizeKitError } from './errors'

afterEach(() => {
  vi.unstubAllEnvs()
})

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
      // Survives `{ ...dispatcherOptionsFromEnv(), ...yours }`, so the dispatcher can say where events go.
      [Symbol.for('@personalize-kit/core.emulatorTarget')]: 'http://127.0.0.1:4599',
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

describe('no silent fallback to the emulator in production', () => {
  it('throws a PersonalizeConfigError naming PERSONALIZE_TRACKING_ID when NODE_ENV=production', () => {
    const attempt = () => dispatcherOptionsFromEnv({ NODE_ENV: 'production', AWS_REGION: 'eu-west-1' })
    expect(attempt).toThrow(PersonalizeConfigError)
    expect(attempt).toThrow(/PERSONALIZE_TRACKING_ID/)
    try {
      attempt()
    } catch (error) {
      expect(error).toBeInstanceOf(PersonalizeKitError)
      expect((error as PersonalizeKitError).code).toBe('PERSONALIZE_CONFIG')
    }
  })

  it('also through createDispatcher(dispatcherOptionsFromEnv()) with process.env', () => {
    vi.stubEnv('NODE_ENV', 'production')
    vi.stubEnv('PERSONALIZE_TRACKING_ID', '')
    vi.stubEnv('PERSONALIZE_ENDPOINT', '')
    expect(() => createDispatcher(dispatcherOptionsFromEnv())).toThrow(/PERSONALIZE_TRACKING_ID/)
  })

  it('lets an explicit PERSONALIZE_ENDPOINT through in production (an emulator on purpose)', () => {
    const options = dispatcherOptionsFromEnv({
      NODE_ENV: 'production',
      PERSONALIZE_ENDPOINT: 'http://127.0.0.1:5000',
    })
    expect(options.clientConfig?.endpoint).toBe('http://127.0.0.1:5000')
  })

  it('lets `next build` through (it sends nothing) and still stops `next start`', () => {
    const build = { NODE_ENV: 'production', NEXT_PHASE: 'phase-production-build' }
    expect(() => dispatcherOptionsFromEnv(build)).not.toThrow()
    const server = { NODE_ENV: 'production', NEXT_PHASE: 'phase-production-server' }
    expect(() => dispatcherOptionsFromEnv(server)).toThrow(/PERSONALIZE_TRACKING_ID/)
  })

  it('says once, through the logger, where events go when they go to the emulator', async () => {
    const logger = silentLogger()
    const dispatcher = createDispatcher({ ...dispatcherOptionsFromEnv({}), logger })
    await dispatcher.close({ timeoutMs: 0 })
    const lines = logger.lines.filter((line) => line.level === 'info')
    expect(lines).toHaveLength(1)
    expect(lines[0]?.msg).toMatch(/^\[@personalize-kit\/core\] .*emulator.*http:\/\/127\.0\.0\.1:4599/)
    expect(lines[0]?.msg).toMatch(/PERSONALIZE_TRACKING_ID/)

    const aws = silentLogger()
    await createDispatcher({
      ...dispatcherOptionsFromEnv({ PERSONALIZE_TRACKING_ID: 'tid', AWS_REGION: 'eu-west-1' }),
      logger: aws,
    }).close({ timeoutMs: 0 })
    expect(aws.lines.filter((line) => line.level === 'info')).toEqual([])
  })
})
