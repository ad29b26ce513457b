/** Limits from the Personalize Events model (`personalize-api.md` §3, §6). Lengths count code points. */
export const LIMITS = {
  string: 256,
  recommendationId: 40,
  arn: 256,
  eventAttributionSource: 1024,
  impressions: 25,
  eventProperties: 1024,
  actionInteractionProperties: 1024,
  itemProperties: 32_000,
  actionProperties: 32_000,
  userProperties: 24_000,
  eventBytes: 10_240,
  batch: 10,
} as const

/** Keys Personalize rejects inside `properties`, compared case-insensitively. */
export const RESERVED_PROPERTY_KEYS: ReadonlySet<string> = new Set([
  'userid',
  'sessionid',
  'eventtype',
  'timestamp',
  'recommendationid',
  'impression',
])

/** Epoch milliseconds below this (1973-03-03) are almost surely epoch seconds. */
export const MIN_EPOCH_MS = 1e11
/** Epoch milliseconds above this (year 5138) are almost surely microseconds. */
export const MAX_EPOCH_MS = 1e14
