import type { EventRecord } from '../dispatcher/records'
import { PersonalizeValidationError, type ValidationIssue } from '../errors'
import type { EventInput } from '../types'
import {
  checkFinite,
  checkId,
  checkImpression,
  checkMetricAttribution,
  checkString,
  serializeProperties,
  toEpochMs,
  utf8Length,
} from './checks'
import { flatString } from './flat-string'
import { LIMITS } from './limits'

/**
 * Validates an event against the PutEvents limits and returns the compact record to queue (with `eventId`
 * generated when absent, and `sentAt` relative to `timeBase`, see `EventRecord`). Throws `PersonalizeValidationError` listing every issue.
 */
export function validateEvent(
  input: EventInput,
  trackingId: string | undefined,
  now: number,
  timeBase: number,
): EventRecord {
  const issues: ValidationIssue[] = []
  if (typeof input !== 'object' || input === null) {
    throw new PersonalizeValidationError([{ path: '', message: 'must be an object' }], 'event')
  }
  if (input.trackingId !== undefined) checkString(issues, 'trackingId', input.trackingId, true)
  else if (trackingId === undefined) {
    issues.push({
      path: 'trackingId',
      message: 'is required: pass it on the event or set trackingId on the dispatcher',
    })
  }
  checkId(issues, 'sessionId', input.sessionId, true)
  checkId(issues, 'userId', input.userId, false)
  checkString(issues, 'eventType', input.eventType, true)
  checkId(issues, 'itemId', input.itemId, false)
  checkString(issues, 'eventId', input.eventId, false)
  if (input.eventValue !== undefined) checkFinite(issues, 'eventValue', input.eventValue)
  if (input.recommendationId !== undefined) {
    checkString(issues, 'recommendationId', input.recommendationId, false, LIMITS.recommendationId)
  }
  if (input.impression !== undefined) checkImpression(issues, 'impression', input.impression)
  if (input.metricAttribution !== undefined) {
    checkMetricAttribution(issues, 'metricAttribution', input.metricAttribution)
  }
  const sentAt = input.sentAt === undefined ? now : toEpochMs(issues, 'sentAt', input.sentAt)
  const properties =
    input.properties === undefined
      ? undefined
      : serializeProperties(issues, 'properties', input.properties, LIMITS.eventProperties, true)
  if (issues.length > 0) throw new PersonalizeValidationError(issues, 'event')

  const record: EventRecord = {
    seq: 0,
    at: 0,
    eventType: input.eventType,
    sentAt: (sentAt as number) - timeBase,
    eventId: flatString(input.eventId ?? crypto.randomUUID()),
    eventValue: input.eventValue,
    itemId: input.itemId,
    properties,
    recommendationId: input.recommendationId,
    impression: input.impression === undefined ? undefined : input.impression.slice(),
    metricAttribution:
      input.metricAttribution === undefined
        ? undefined
        : { eventAttributionSource: input.metricAttribution.eventAttributionSource },
  }
  checkEventSize(record)
  return record
}

/** Personalize caps one event at 10 KB. Most events are far below; only large ones pay for an exact measure. */
function checkEventSize(record: EventRecord): void {
  let estimate = 200 + record.eventType.length + record.eventId.length
  estimate +=
    (record.itemId?.length ?? 0) + (record.properties?.length ?? 0) + (record.recommendationId?.length ?? 0)
  estimate += record.metricAttribution?.eventAttributionSource.length ?? 0
  if (record.impression) for (const id of record.impression) estimate += id.length + 3
  // UTF-8 needs at most 3 bytes per UTF-16 unit, and JSON escaping at most 6 characters per unit.
  if (estimate * 6 <= LIMITS.eventBytes) return
  const bytes = utf8Length(
    JSON.stringify({ ...record, seq: undefined, at: undefined, sentAt: 1_767_323_045.678 }),
  )
  if (bytes > LIMITS.eventBytes) {
    throw new PersonalizeValidationError(
      [
        {
          path: '',
          message: `the event must serialise to at most ${LIMITS.eventBytes} bytes of JSON, got ${bytes}`,
        },
      ],
      'event',
    )
  }
}
