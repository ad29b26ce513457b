import { PersonalizeConfigError, PersonalizeValidationError } from '../errors'
import type { CollectorOptions } from './types'

/** @internal The collector's numeric limits, checked once at creation. `Infinity` means off / no deadline. */
export interface CollectorLimits {
  maxBodyBytes: number
  maxEventsPerRequest: number
  /** Events per minute per session; `Infinity` when off. */
  rateLimitPerMinute: number
  /** Events per minute per client address; `Infinity` when off. */
  rateLimitPerAddressPerMinute: number
  rateLimitMaxSessions: number
  clockSkewMs: number
  bodyTimeoutMs: number
  maxQueueShare: number
}

/** How many sessions' worth of events one client address may send by default (offices and phones share NATs). */
export const ADDRESS_LIMIT_FACTOR = 10

interface Rule {
  /** Smallest allowed value; `exclusive` makes it a strict bound. */
  min: number
  exclusive?: boolean
  max?: number
  integer?: boolean
  /** `Infinity` is meaningful (off, or no deadline). */
  infinity?: boolean
}

const PREFIX = '[@personalize-kit/core] createCollector:'

function check(name: string, value: unknown, fallback: number, rule: Rule): number {
  if (value === undefined) return fallback
  const bound = `${rule.exclusive ? 'greater than' : 'at least'} ${rule.min}`
  const what = `${rule.integer ? 'an integer' : 'a number'} ${bound}${rule.max !== undefined ? ` and at most ${rule.max}` : ''}${rule.infinity ? ' (or Infinity)' : ''}`
  const fail = () =>
    new PersonalizeValidationError(
      [{ path: name, message: `must be ${what}, got ${String(value)}` }],
      'collector options',
    )
  if (typeof value !== 'number' || Number.isNaN(value)) throw fail()
  if (value === Number.POSITIVE_INFINITY) {
    if (rule.infinity) return value
    throw fail()
  }
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) throw fail()
  if (rule.exclusive ? value <= rule.min : value < rule.min) throw fail()
  if (rule.max !== undefined && value > rule.max) throw fail()
  return value
}

/**
 * @internal
 * Checks every numeric collector option (NaN, negative, zero where it cannot work, non-numbers) and that a full
 * request can ever pass the rate limits. A value out of range throws `PersonalizeValidationError` naming the option
 * and the range (as the dispatcher's options do); limits that contradict each other throw `PersonalizeConfigError`.
 */
export function resolveCollectorLimits(options: CollectorOptions): CollectorLimits {
  const maxEventsPerRequest = check('maxEventsPerRequest', options.maxEventsPerRequest, 50, {
    min: 1,
    integer: true,
  })
  const rateLimitPerMinute = check('rateLimitPerMinute', options.rateLimitPerMinute, Infinity, {
    min: 0,
    exclusive: true,
    infinity: true,
  })
  const rateLimitPerAddressPerMinute = check(
    'rateLimitPerAddressPerMinute',
    options.rateLimitPerAddressPerMinute,
    rateLimitPerMinute * ADDRESS_LIMIT_FACTOR,
    { min: 0, exclusive: true, infinity: true },
  )
  for (const [name, limit] of [
    ['rateLimitPerMinute', rateLimitPerMinute],
    ['rateLimitPerAddressPerMinute', rateLimitPerAddressPerMinute],
  ] as const) {
    if (limit < maxEventsPerRequest) {
      throw new PersonalizeConfigError(
        `${PREFIX} ${name} (${limit}) is smaller than maxEventsPerRequest (${maxEventsPerRequest}), so a full request could never be accepted; raise ${name} or lower maxEventsPerRequest`,
      )
    }
  }
  check('cookieMaxAgeSeconds', options.cookieMaxAgeSeconds, 0, { min: 0 })
  return {
    maxBodyBytes: check('maxBodyBytes', options.maxBodyBytes, 65_536, { min: 1, integer: true }),
    maxEventsPerRequest,
    rateLimitPerMinute,
    rateLimitPerAddressPerMinute,
    rateLimitMaxSessions: check('rateLimitMaxSessions', options.rateLimitMaxSessions, 10_000, {
      min: 1,
      integer: true,
    }),
    clockSkewMs: check('clockSkewMs', options.clockSkewMs, 600_000, { min: 0, infinity: true }),
    bodyTimeoutMs: check('bodyTimeoutMs', options.bodyTimeoutMs, 10_000, {
      min: 0,
      exclusive: true,
      infinity: true,
    }),
    maxQueueShare: check('maxQueueShare', options.maxQueueShare, 0.5, { min: 0, exclusive: true, max: 1 }),
  }
}
