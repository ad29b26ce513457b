import type { ValidationIssue } from '../errors'
import { flatString } from './flat-string'
import { LIMITS, MAX_EPOCH_MS, MIN_EPOCH_MS, RESERVED_PROPERTY_KEYS } from './limits'

/** Unicode code points in `value` (what the model's `@length` counts); a lone surrogate counts as one. */
export function codePointLength(value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    count++
  }
  return count
}

/** Bytes `value` takes in UTF-8 (a lone surrogate is written as U+FFFD, 3 bytes). */
export function utf8Length(value: string): number {
  let bytes = 0
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

/** `true` when `value` holds at most `max` code points; UTF-16 length is an upper bound, so most strings skip the count. */
export function withinCodePoints(value: string, max: number): boolean {
  return value.length <= max || codePointLength(value) <= max
}

/** Checks a required or optional string of `min..max` code points and pushes an issue naming field and limit. */
export function checkString(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  required: boolean,
  max: number = LIMITS.string,
): value is string {
  // Fast path: UTF-16 length bounds the code point count from above.
  if (typeof value === 'string' && value.length !== 0 && value.length <= max) return true
  if (value === undefined || value === null) {
    if (required) issues.push({ path, message: `is required (a string of 1..${max} characters)` })
    return false
  }
  if (typeof value !== 'string') {
    issues.push({ path, message: `must be a string of 1..${max} characters, got ${typeof value}` })
    return false
  }
  if (value.length === 0) {
    issues.push({ path, message: `must not be empty (1..${max} characters)` })
    return false
  }
  if (!withinCodePoints(value, max)) {
    issues.push({ path, message: `must be at most ${max} characters, got ${codePointLength(value)}` })
    return false
  }
  return true
}

/** Like `checkString`, and refuses `'null'`/`'undefined'`, which Personalize accepts and then silently ignores. */
export function checkId(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  required: boolean,
): value is string {
  if (!checkString(issues, path, value, required)) return false
  if ((value.length === 4 && value === 'null') || (value.length === 9 && value === 'undefined')) {
    issues.push({
      path,
      message: `must be a real id, got the string '${value}' (a serialised null/undefined)`,
    })
    return false
  }
  return true
}

const ARN_PATTERN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
const HAS_NON_SPACE = /[\x21-\x7e]/

/** Checks a dataset ARN against the model's `Arn` shape (at most 256 characters, `^arn:([a-z\d-]+):personalize:.*:.*:.+$`). */
export function checkArn(issues: ValidationIssue[], path: string, value: unknown): value is string {
  if (!checkString(issues, path, value, true, LIMITS.arn)) return false
  if (!ARN_PATTERN.test(value)) {
    issues.push({ path, message: 'must match the ARN pattern ^arn:([a-z\\d-]+):personalize:.*:.*:.+$' })
    return false
  }
  return true
}

/**
 * Converts a `Date` or epoch milliseconds to epoch milliseconds. Numbers that look like epoch seconds or
 * microseconds are refused: the SDK would send them unchanged and Personalize would silently misplace the event.
 * Returns `undefined` (and pushes an issue) when invalid.
 */
export function toEpochMs(issues: ValidationIssue[], path: string, value: unknown): number | undefined {
  let ms: number
  if (value instanceof Date) {
    ms = value.getTime()
    if (Number.isNaN(ms)) {
      issues.push({ path, message: 'must be a valid Date (got Invalid Date)' })
      return undefined
    }
    if (ms < MIN_EPOCH_MS) {
      issues.push({
        path,
        message: `must be after 1973-03-03, got ${value.toISOString()} (was the Date built from epoch seconds? multiply by 1000)`,
      })
      return undefined
    }
    return ms
  }
  if (typeof value !== 'number') {
    issues.push({ path, message: `must be a Date or epoch milliseconds, got ${typeof value}` })
    return undefined
  }
  ms = value
  if (!Number.isFinite(ms)) {
    issues.push({ path, message: `must be a finite number of epoch milliseconds, got ${ms}` })
    return undefined
  }
  if (ms < MIN_EPOCH_MS) {
    issues.push({
      path,
      message: `must be epoch milliseconds; ${ms} looks like epoch seconds (below ${MIN_EPOCH_MS}): multiply by 1000 or pass a Date`,
    })
    return undefined
  }
  if (ms >= MAX_EPOCH_MS) {
    issues.push({
      path,
      message: `must be epoch milliseconds; ${ms} looks like microseconds or nanoseconds (at least ${MAX_EPOCH_MS}): divide by 1000 or pass a Date`,
    })
    return undefined
  }
  return ms
}

/** Checks an impression list: 1..25 ids of 1..256 characters each. */
export function checkImpression(issues: ValidationIssue[], path: string, value: unknown): value is string[] {
  if (!Array.isArray(value)) {
    issues.push({ path, message: `must be an array of 1..${LIMITS.impressions} ids, got ${typeof value}` })
    return false
  }
  if (value.length === 0 || value.length > LIMITS.impressions) {
    issues.push({ path, message: `must hold 1..${LIMITS.impressions} ids, got ${value.length}` })
    return false
  }
  const before = issues.length
  for (let i = 0; i < value.length; i++) checkString(issues, `${path}[${i}]`, value[i], true)
  return issues.length === before
}

/** Checks a metric attribution: `eventAttributionSource` is printable ASCII with at least one non-space, ≤ 1024. */
export function checkMetricAttribution(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
): value is { eventAttributionSource: string } {
  if (typeof value !== 'object' || value === null) {
    issues.push({ path, message: 'must be an object { eventAttributionSource }' })
    return false
  }
  const source = (value as { eventAttributionSource?: unknown }).eventAttributionSource
  const sourcePath = `${path}.eventAttributionSource`
  if (!checkString(issues, sourcePath, source, true, LIMITS.eventAttributionSource)) return false
  if (!PRINTABLE_ASCII.test(source) || !HAS_NON_SPACE.test(source)) {
    issues.push({
      path: sourcePath,
      message: 'must be printable ASCII (0x20-0x7E) with at least one non-space character',
    })
    return false
  }
  return true
}

const MAX_FLOAT32 = 3.4028234663852886e38

/** Checks a finite number that fits the model's 32-bit `FloatType`. */
export function checkFinite(issues: ValidationIssue[], path: string, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({
      path,
      message: `must be a finite number, got ${typeof value === 'number' ? value : typeof value}`,
    })
    return false
  }
  // The model's FloatType is 32-bit: larger magnitudes cannot be represented and would be refused.
  if (Math.abs(value) > MAX_FLOAT32) {
    issues.push({ path, message: `must fit a 32-bit float (magnitude at most ${MAX_FLOAT32}), got ${value}` })
    return false
  }
  return true
}

function findReservedKey(object: object): string | undefined {
  for (const key in object) {
    // Reserved keys are 6, 9, 10 or 16 characters long: skip lowercasing every other key.
    const n = key.length
    if (n !== 6 && n !== 9 && n !== 10 && n !== 16) continue
    if (Object.hasOwn(object, key) && RESERVED_PROPERTY_KEYS.has(key.toLowerCase())) return key
  }
  return undefined
}

/**
 * Serialises `properties` (a JSON object or a string holding one) and checks its length and, when `reserved`,
 * that no top-level key is one Personalize reserves. Returns the JSON string, or `undefined` with an issue.
 */
export function serializeProperties(
  issues: ValidationIssue[],
  path: string,
  value: unknown,
  max: number,
  reserved: boolean,
): string | undefined {
  let json: string
  let object: unknown
  if (typeof value === 'string') {
    json = value
    try {
      object = JSON.parse(value)
    } catch {
      issues.push({ path, message: 'must be valid JSON (a string that parses to an object)' })
      return undefined
    }
  } else {
    object = value
    try {
      json = JSON.stringify(value)
    } catch (error) {
      issues.push({ path, message: `must be JSON-serialisable (${(error as Error).message})` })
      return undefined
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    issues.push({ path, message: 'must be a JSON object of schema columns' })
    return undefined
  }
  if (!withinCodePoints(json, max)) {
    issues.push({
      path,
      message: `must serialise to at most ${max} characters of JSON, got ${codePointLength(json)}`,
    })
    return undefined
  }
  if (reserved) {
    const key = findReservedKey(object)
    if (key !== undefined) {
      issues.push({
        path: `${path}.${key}`,
        message:
          'is reserved: properties must not contain userId, sessionId, eventType, timestamp, recommendationId or impression (case-insensitive)',
      })
      return undefined
    }
  }
  return flatString(json)
}
