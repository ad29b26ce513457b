import { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime'
import { ownRequestHandler } from '../dispatcher/call-queue'
import { defaultLogger } from '../dispatcher/resolve-options'
import { PersonalizeValidationError, type ValidationIssue } from '../errors'
import type { Logger } from '../types'
import { RECOMMENDATION_DEFAULTS as D } from './defaults'
import type { Fallback, RecommendationClientOptions } from './types'

export interface ResolvedRecommendationOptions {
  client: PersonalizeRuntimeClient
  ownsClient: boolean
  /** Whether each call needs its own AbortController to end at requestTimeoutMs (not when the handler does it). */
  abortPerCall: boolean
  timeoutMs: number
  requestTimeoutMs: number
  cacheTtlMs: number
  cacheMaxEntries: number
  maxInFlight: number
  fallback: Fallback | undefined
  logger: Logger
}

function number(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) {
    issues.push({ path, message: `must be a number ≥ ${min}, got ${String(value)}` })
    return fallback
  }
  return value
}

/** A logger that never throws into a request: a failing log line must not fail a page. */
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

/** Checks the options once, at creation; throws a `PersonalizeValidationError` naming each bad field. */
export function resolveRecommendationOptions(
  options: RecommendationClientOptions,
): ResolvedRecommendationOptions {
  const issues: ValidationIssue[] = []
  const timeoutMs = number(issues, 'timeoutMs', options.timeoutMs, D.timeoutMs, 1)
  const requestTimeoutMs = number(issues, 'requestTimeoutMs', options.requestTimeoutMs, D.requestTimeoutMs, 1)
  const maxInFlight = number(issues, 'maxInFlight', options.maxInFlight, D.maxInFlight, 1)
  let cacheTtlMs: number = D.cacheTtlMs
  let cacheMaxEntries: number = D.cacheMaxEntries
  if (options.cache === false) cacheTtlMs = cacheMaxEntries = 0
  else if (options.cache !== undefined) {
    if (typeof options.cache !== 'object' || options.cache === null)
      issues.push({ path: 'cache', message: 'must be false or { ttlMs?, maxEntries? }' })
    else {
      cacheTtlMs = number(issues, 'cache.ttlMs', options.cache.ttlMs, D.cacheTtlMs, 0)
      cacheMaxEntries = number(issues, 'cache.maxEntries', options.cache.maxEntries, D.cacheMaxEntries, 0)
    }
  }
  const fallback = options.fallback
  if (fallback !== undefined && typeof fallback !== 'function' && !Array.isArray(fallback))
    issues.push({
      path: 'fallback',
      message: 'must be an array of item ids or items, or a function returning one',
    })
  // Duck-typed: a client from another copy of the SDK (CJS beside ESM) is still a client.
  if (options.client !== undefined && typeof options.client?.send !== 'function')
    issues.push({ path: 'client', message: 'must be a PersonalizeRuntimeClient' })
  if (issues.length > 0) throw new PersonalizeValidationError(issues, 'recommendation client options')

  const ownsClient = options.client === undefined
  // The client we build times each request out in its handler (and destroys the socket), which costs less than an
  // AbortController and a timer per call; a client of the app's own, or its own handler, needs the controller.
  const abortPerCall = !ownsClient || options.clientConfig?.requestHandler !== undefined
  // One attempt: within a budget of ~150 ms a retry rarely helps, and the fallback answers a failed call.
  const client =
    options.client ??
    new PersonalizeRuntimeClient({
      maxAttempts: 1,
      ...options.clientConfig,
      ...(abortPerCall ? {} : { requestHandler: ownRequestHandler(requestTimeoutMs) }),
    })
  return {
    client,
    ownsClient,
    abortPerCall,
    timeoutMs,
    requestTimeoutMs,
    cacheTtlMs,
    cacheMaxEntries,
    maxInFlight,
    fallback,
    logger: safeLogger(options.logger ?? defaultLogger()),
  }
}
