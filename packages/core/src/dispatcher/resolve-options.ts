import {
  PersonalizeEventsClient,
  type PersonalizeEventsClientConfig,
} from '@aws-sdk/client-personalize-events'
import { PersonalizeConfigError, PersonalizeValidationError, type ValidationIssue } from '../errors'
import { sdkTransport } from '../transport/sdk-transport'
import type { Transport } from '../transport/transport'
import type { DispatcherOptions, Logger, RateLimits } from '../types'
import { checkArn, checkString } from '../validation/checks'
import { ownRequestHandler } from './call-queue'
import { DEFAULT_RATE_LIMITS, DEFAULT_RETRY, DISPATCHER_DEFAULTS } from './defaults'
import { MAX_TIMER_MS } from './long-timeout'

export interface ResolvedOptions {
  trackingId: string | undefined
  actionTrackingId: string | undefined
  datasets: { items: string | undefined; users: string | undefined; actions: string | undefined }
  transport: Transport
  /** Where calls go, for log lines, when known (the client the dispatcher builds). */
  endpoint: string | undefined
  /** Whether each call needs its own AbortSignal (see createCallQueue). */
  abortPerCall: boolean
  flushIntervalMs: number
  maxQueueSize: number
  concurrency: number
  rateLimits: RateLimits
  retry: { maxAttempts: number; baseDelayMs: number; throttleBaseDelayMs: number; maxDelayMs: number }
  requestTimeoutMs: number
  overflow: 'reject' | 'drop-oldest'
  logger: Logger
  /** The `dispatcher.name` metric attribute. */
  name: string
}

const PREFIX = '[@personalize-kit/core]'

/**
 * Writes info lines (rare: startup notices), warnings and errors to the console; debug lines are dropped unless a
 * logger is given.
 */
export function defaultLogger(): Logger {
  return {
    debug() {},
    info: (obj, msg) => console.info(msg ?? obj, msg === undefined ? '' : obj),
    warn: (obj, msg) => console.warn(msg ?? obj, msg === undefined ? '' : obj),
    error: (obj, msg) => console.error(msg ?? obj, msg === undefined ? '' : obj),
  }
}

/** A logger that never throws into the dispatcher: a failing log line must not lose or hang a record. */
function safeLogger(logger: Logger): Logger {
  const wrap =
    (level: keyof Logger) =>
    (obj: unknown, msg?: string): void => {
      try {
        logger[level](obj, msg)
      } catch {
        // Nothing sensible is left to report to.
      }
    }
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') }
}

interface Range {
  min: number
  /** Finite upper bound; timers cannot wait longer than `MAX_TIMER_MS`. */
  max?: number
  integer?: boolean
  /** `Infinity` is allowed (no limit). */
  infinite?: boolean
}

const DURATION: Range = { min: 0, max: MAX_TIMER_MS }
const COUNT: Range = { min: 1, integer: true, infinite: true }

function rangeText({ min, max, integer, infinite }: Range): string {
  const kind = integer ? 'a whole number' : 'a number'
  const bounds = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  return `must be ${kind} ${bounds}${infinite ? ' or Infinity' : ''}`
}

/** Checks one numeric option against its range, recording an issue that names it and the range. */
function numberOption(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  fallback: number,
  range: Range,
): number {
  if (value === undefined) return fallback
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    value >= range.min &&
    (value === Number.POSITIVE_INFINITY
      ? range.infinite === true
      : (range.max === undefined || value <= range.max) && (!range.integer || Number.isInteger(value)))
  if (!ok) {
    const shown = typeof value === 'string' ? `the string '${value}'` : String(value)
    issues.push({ path, message: `${rangeText(range)}, got ${shown}` })
    return fallback
  }
  return value as number
}

/** Checks options once, at creation, so later records only check what varies per record. */
export function resolveOptions(options: DispatcherOptions): ResolvedOptions {
  const issues: ValidationIssue[] = []
  if (options.trackingId !== undefined) checkString(issues, 'trackingId', options.trackingId, true)
  if (options.actionTrackingId !== undefined)
    checkString(issues, 'actionTrackingId', options.actionTrackingId, true)
  const datasets = options.datasets ?? {}
  for (const kind of ['items', 'users', 'actions'] as const) {
    if (datasets[kind] !== undefined) checkArn(issues, `datasets.${kind}`, datasets[kind])
  }
  const rateLimits = { ...DEFAULT_RATE_LIMITS }
  for (const key of Object.keys(DEFAULT_RATE_LIMITS) as (keyof RateLimits)[]) {
    // Calls per second; Infinity turns the limit off.
    rateLimits[key] = numberOption(
      issues,
      `rateLimits.${key}`,
      options.rateLimits?.[key],
      DEFAULT_RATE_LIMITS[key],
      {
        min: 1,
        infinite: true,
      },
    )
  }
  const given = options.retry ?? {}
  const retry = {
    maxAttempts: numberOption(
      issues,
      'retry.maxAttempts',
      given.maxAttempts,
      DEFAULT_RETRY.maxAttempts,
      COUNT,
    ),
    baseDelayMs: numberOption(
      issues,
      'retry.baseDelayMs',
      given.baseDelayMs,
      DEFAULT_RETRY.baseDelayMs,
      DURATION,
    ),
    throttleBaseDelayMs: numberOption(
      issues,
      'retry.throttleBaseDelayMs',
      given.throttleBaseDelayMs,
      DEFAULT_RETRY.throttleBaseDelayMs,
      DURATION,
    ),
    maxDelayMs: numberOption(
      issues,
      'retry.maxDelayMs',
      given.maxDelayMs,
      DEFAULT_RETRY.maxDelayMs,
      DURATION,
    ),
  }
  const resolved = {
    flushIntervalMs: numberOption(
      issues,
      'flushIntervalMs',
      options.flushIntervalMs,
      DISPATCHER_DEFAULTS.flushIntervalMs,
      DURATION,
    ),
    maxQueueSize: numberOption(
      issues,
      'maxQueueSize',
      options.maxQueueSize,
      DISPATCHER_DEFAULTS.maxQueueSize,
      COUNT,
    ),
    concurrency: numberOption(
      issues,
      'concurrency',
      options.concurrency,
      DISPATCHER_DEFAULTS.concurrency,
      COUNT,
    ),
    requestTimeoutMs: numberOption(
      issues,
      'requestTimeoutMs',
      options.requestTimeoutMs,
      DISPATCHER_DEFAULTS.requestTimeoutMs,
      { min: 1, max: MAX_TIMER_MS },
    ),
  }
  const overflow = options.overflow ?? 'reject'
  if (overflow !== 'reject' && overflow !== 'drop-oldest') {
    issues.push({ path: 'overflow', message: `must be 'reject' or 'drop-oldest', got ${String(overflow)}` })
  }
  const name = options.name ?? 'default'
  if (typeof name !== 'string' || name === '') {
    issues.push({ path: 'name', message: `must be a non-empty string, got ${String(name)}` })
  }
  if (issues.length > 0) throw new PersonalizeValidationError(issues, 'dispatcher options')

  const logger = safeLogger(options.logger ?? defaultLogger())
  const { transport, abortPerCall, endpoint } = resolveTransport(options, resolved.requestTimeoutMs, logger)
  return {
    trackingId: options.trackingId,
    actionTrackingId: options.actionTrackingId,
    datasets: { items: datasets.items, users: datasets.users, actions: datasets.actions },
    transport,
    endpoint,
    abortPerCall,
    rateLimits,
    retry,
    overflow,
    logger,
    name,
    ...resolved,
  }
}

/** The transport given, or an SDK transport over the client given or built from `clientConfig`. */
function resolveTransport(
  options: DispatcherOptions,
  requestTimeoutMs: number,
  logger: Logger,
): { transport: Transport; abortPerCall: boolean; endpoint?: string } {
  if (options.transport !== undefined) {
    const clash =
      options.client !== undefined
        ? 'client'
        : options.clientConfig !== undefined
          ? 'clientConfig'
          : undefined
    if (clash !== undefined) {
      throw new PersonalizeConfigError(
        `${PREFIX} pass either transport or ${clash} to createDispatcher, not both: ${clash} configures the default AWS SDK transport, which transport replaces`,
      )
    }
    const transport = options.transport as Partial<Transport> | null
    if (typeof transport !== 'object' || transport === null || typeof transport.send !== 'function') {
      throw new PersonalizeConfigError(
        `${PREFIX} transport must be an object with a send(call, options) method`,
      )
    }
    return { transport: options.transport, abortPerCall: true }
  }
  if (options.client !== undefined) {
    warnIfClientRetries(options.client, logger)
    return { transport: sdkTransport(options.client), abortPerCall: true }
  }
  const clientConfig = options.clientConfig ?? {}
  // Only our own request handler is known to time requests out by itself.
  const abortPerCall = clientConfig.requestHandler !== undefined
  // The dispatcher owns the retry budget; SDK retries on top would multiply attempts.
  const client = new PersonalizeEventsClient({
    ...clientConfig,
    ...(abortPerCall ? {} : { requestHandler: ownRequestHandler(requestTimeoutMs) }),
    maxAttempts: 1,
  })
  return {
    transport: sdkTransport(client, { destroyClientOnClose: true }),
    abortPerCall,
    endpoint: endpointLabel(clientConfig),
  }
}

/** The endpoint of a client config as a URL string: the override, else the regional service endpoint. */
function endpointLabel(clientConfig: PersonalizeEventsClientConfig): string | undefined {
  const { endpoint, region } = clientConfig
  if (typeof endpoint === 'string') return endpoint
  if (endpoint instanceof URL) return endpoint.href
  if (endpoint === undefined && typeof region === 'string')
    return `https://personalize-events.${region}.amazonaws.com`
  return undefined
}

function warnIfClientRetries(client: PersonalizeEventsClient, logger: Logger): void {
  const provider = (client.config as { maxAttempts?: unknown }).maxAttempts
  if (typeof provider !== 'function') return
  Promise.resolve()
    .then(() => (provider as () => unknown)())
    .then((attempts) => {
      if (typeof attempts === 'number' && attempts > 1) {
        logger.warn(
          { maxAttempts: attempts },
          `${PREFIX} the client passed to createDispatcher retries by itself (maxAttempts ${attempts}); build it with maxAttempts: 1 so the dispatcher owns the retry budget`,
        )
      }
    })
    .catch(() => {})
}
