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
 * generated when absent, and `sentAt` relative to `timeBase`, see `EventRecord`; an event without one is stamped
 * now). Throws `PersonalizeValidationError` listing every issue.
 */
export function validateEvent(
  input: EventInput,
  trackingId: string | undefined,
  timeBase: number,
): EventRecord {
  if (typeof input !== 'object' || input === null) {
    throw new PersonalizeValidationError([{ path: '', message: 'must be an object' }], 'event')
  }
  // Each field is read once: inputs come in many shapes, and every property read on them is a slow lookup.
  const {
    trackingId: ownTrackingId,
    sessionId,
    userId,
    eventType,
    itemId,
    eventId,
    eventValue,
    recommendationId,
    impression,
    metricAttribution,
    sentAt: sentAtInput,
    properties: propertiesInput,
  } = input
  const issues: ValidationIssue[] = []
  if (ownTrackingId !== undefined) checkString(issues, 'trackingId', ownTrackingId, true)
  else if (trackingId === undefined) {
    issues.push({
      path: 'trackingId',
      message: 'is required: pass it on the event or set trackingId on the dispatcher',
    })
  }
  checkId(issues, 'sessionId', sessionId, true)
  if (userId !== undefined) checkId(issues, 'userId', userId, false)
  checkString(issues, 'eventType', eventType, true)
  if (itemId !== undefined) checkId(issues, 'itemId', itemId, false)
  if (eventId !== undefined) checkString(issues, 'eventId', eventId, false)
  if (eventValue !== undefined) checkFinite(issues, 'eventValue', eventValue)
  if (recommendationId !== undefined) {
    checkString(issues, 'recommendationId', recommendationId, false, LIMITS.recommendationId)
  }
  if (impression !== undefined) checkImpression(issues, 'impression', impression)
  if (metricAttribution !== undefined) checkMetricAttribution(issues, 'metricAttribution', metricAttribution)
  // The clock is read only for events that carry no time (the collector always passes one).
  const sentAt = sentAtInput === undefined ? Date.now() : toEpochMs(issues, 'sentAt', sentAtInput)
  const properties =
    propertiesInput === undefined
      ? undefined
      : serializeProperties(issues, 'properties', propertiesInput, LIMITS.eventProperties, true)
  if (issues.length > 0) throw new PersonalizeValidationError(issues, 'event')

  const record: EventRecord = {
    seq: 0,
    at: 0,
    eventType,
    sentAt: (sentAt as number) - timeBase,
    eventId: flatString(eventId ?? crypto.randomUUID()),
    eventValue,
    itemId,
    properties,
    recommendationId,
    impression: impression === undefined ? undefined : impression.slice(),
    metricAttribution:
      metricAttribution === undefined
        ? undefined
        : { eventAttributionSource: metricAttribution.eventAttributionSource },
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
