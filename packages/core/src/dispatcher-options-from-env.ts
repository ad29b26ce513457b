import { EMULATOR_TARGET } from './dispatcher-options-from-env-emulator'
import { redisTransportFromEnv } from './dispatcher-options-from-env-redis'
import { PersonalizeConfigError } from './errors'
import type { DispatcherOptions } from './types'

/**
 * Where `dispatcherOptionsFromEnv` points when no `PERSONALIZE_TRACKING_ID` is set: the local emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ port: 4599 }) // from @personalize-kit/emulator
 * const records = emulator.records({ trackingId: EMULATOR_DEFAULTS.trackingId })
 * ```
 */
export const EMULATOR_DEFAULTS = {
  endpoint: 'http://127.0.0.1:4599',
  region: 'us-east-1',
  trackingId: 'demo-tracking-id',
  actionTrackingId: 'demo-action-tracking-id',
  datasets: {
    items: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ITEMS',
    users: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/USERS',
    actions: 'arn:aws:personalize:us-east-1:000000000000:dataset/demo/ACTIONS',
  },
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
} as const

const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined)

/**
 * Builds `DispatcherOptions` from environment variables: `PERSONALIZE_TRACKING_ID`,
 * `PERSONALIZE_ACTION_TRACKING_ID`, `PERSONALIZE_ENDPOINT`, `AWS_REGION`, `PERSONALIZE_ITEMS_DATASET_ARN`,
 * `PERSONALIZE_USERS_DATASET_ARN`, `PERSONALIZE_ACTIONS_DATASET_ARN`, `PERSONALIZE_REDIS_URL`.
 *
 * With `PERSONALIZE_TRACKING_ID` set, the options target AWS: credentials come from the SDK's default chain.
 * Without it, they target the local emulator (`PERSONALIZE_ENDPOINT` or `http://127.0.0.1:4599`) with
 * `trackingId: 'demo-tracking-id'`, demo dataset ARNs, region `us-east-1` and dummy credentials, so examples run
 * with no AWS account; the dispatcher logs one info line saying so. With `NODE_ENV=production` that fallback is a
 * forgotten variable, not a choice: it throws a `PersonalizeConfigError` naming `PERSONALIZE_TRACKING_ID` unless
 * `PERSONALIZE_ENDPOINT` is set explicitly (or while `next build` runs, `NEXT_PHASE=phase-production-build`, which
 * sends nothing: the check runs when the server starts).
 *
 * With `PERSONALIZE_REDIS_URL` set, batches go to Redis Streams through `redisTransport({ url })` of the optional
 * `@personalize-kit/redis` (install it; relays send them on), instead of the AWS SDK.
 *
 * @example
 * ```ts title="server.ts"
 * import { createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
 *
 * const dispatcher = createDispatcher({ ...dispatcherOptionsFromEnv(), flushIntervalMs: 500 })
 * ```
 */
export function dispatcherOptionsFromEnv(
  env: Record<string, string | undefined> = process.env,
): DispatcherOptions {
  const trackingId = nonEmpty(env.PERSONALIZE_TRACKING_ID)
  const endpoint = nonEmpty(env.PERSONALIZE_ENDPOINT)
  const region = nonEmpty(env.AWS_REGION)
  const items = nonEmpty(env.PERSONALIZE_ITEMS_DATASET_ARN)
  const users = nonEmpty(env.PERSONALIZE_USERS_DATASET_ARN)
  const actions = nonEmpty(env.PERSONALIZE_ACTIONS_DATASET_ARN)
  const actionTrackingId = nonEmpty(env.PERSONALIZE_ACTION_TRACKING_ID)
  const redisUrl = nonEmpty(env.PERSONALIZE_REDIS_URL)

  if (trackingId === undefined) {
    // `next build` runs with NODE_ENV=production but sends nothing (nothing is recorded while Next prerenders),
    // and deployments often hold the tracking id as a runtime secret: the check runs when the server starts.
    const building = env.NEXT_PHASE === 'phase-production-build'
    if (env.NODE_ENV === 'production' && endpoint === undefined && !building) {
      throw new PersonalizeConfigError(
        '[@personalize-kit/core] PERSONALIZE_TRACKING_ID is not set and NODE_ENV is production: events would go to the local emulator and be lost. Set PERSONALIZE_TRACKING_ID (and AWS_REGION), or set PERSONALIZE_ENDPOINT to target an emulator on purpose.',
      )
    }
    const options: DispatcherOptions = {
      trackingId: EMULATOR_DEFAULTS.trackingId,
      actionTrackingId: actionTrackingId ?? EMULATOR_DEFAULTS.actionTrackingId,
      datasets: {
        items: items ?? EMULATOR_DEFAULTS.datasets.items,
        users: users ?? EMULATOR_DEFAULTS.datasets.users,
        actions: actions ?? EMULATOR_DEFAULTS.datasets.actions,
      },
    }
    if (redisUrl !== undefined) {
      options.transport = redisTransportFromEnv(redisUrl)
      return options
    }
    const target = endpoint ?? EMULATOR_DEFAULTS.endpoint
    options.clientConfig = {
      region: region ?? EMULATOR_DEFAULTS.region,
      endpoint: target,
      credentials: { ...EMULATOR_DEFAULTS.credentials },
    }
    return Object.assign(options, { [EMULATOR_TARGET]: target })
  }

  const datasets: NonNullable<DispatcherOptions['datasets']> = {}
  if (items) datasets.items = items
  if (users) datasets.users = users
  if (actions) datasets.actions = actions
  const options: DispatcherOptions = { trackingId, datasets }
  if (redisUrl !== undefined) options.transport = redisTransportFromEnv(redisUrl)
  else {
    const clientConfig: NonNullable<DispatcherOptions['clientConfig']> = {}
    if (region) clientConfig.region = region
    if (endpoint) clientConfig.endpoint = endpoint
    options.clientConfig = clientConfig
  }
  if (actionTrackingId) options.actionTrackingId = actionTrackingId
  return options
}
