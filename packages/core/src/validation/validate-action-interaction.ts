import type { ActionInteractionRecord } from '../dispatcher/records'
import { PersonalizeValidationError, type ValidationIssue } from '../errors'
import type { ActionInteractionInput } from '../types'
import { checkId, checkImpression, checkString, serializeProperties, toEpochMs } from './checks'
import { flatString } from './flat-string'
import { LIMITS } from './limits'

/**
 * Validates an action interaction against the PutActionInteractions limits and returns the record to queue.
 * Throws `PersonalizeValidationError` listing every issue.
 */
export function validateActionInteraction(
  input: ActionInteractionInput,
  trackingId: string | undefined,
  now: number,
  timeBase: number,
): ActionInteractionRecord {
  const issues: ValidationIssue[] = []
  if (typeof input !== 'object' || input === null) {
    throw new PersonalizeValidationError([{ path: '', message: 'must be an object' }], 'action interaction')
  }
  if (input.trackingId !== undefined) checkString(issues, 'trackingId', input.trackingId, true)
  else if (trackingId === undefined) {
    issues.push({
      path: 'trackingId',
      message: 'is required: pass it on the interaction or set actionTrackingId on the dispatcher',
    })
  }
  checkId(issues, 'actionId', input.actionId, true)
  checkId(issues, 'sessionId', input.sessionId, true)
  checkId(issues, 'userId', input.userId, false)
  checkString(issues, 'eventType', input.eventType, true)
  checkString(issues, 'eventId', input.eventId, false)
  if (input.recommendationId !== undefined) {
    checkString(issues, 'recommendationId', input.recommendationId, false, LIMITS.recommendationId)
  }
  if (input.impression !== undefined) checkImpression(issues, 'impression', input.impression)
  const timestamp = input.timestamp === undefined ? now : toEpochMs(issues, 'timestamp', input.timestamp)
  const properties =
    input.properties === undefined
      ? undefined
      : serializeProperties(issues, 'properties', input.properties, LIMITS.actionInteractionProperties, true)
  if (issues.length > 0) throw new PersonalizeValidationError(issues, 'action interaction')

  return {
    seq: 0,
    at: 0,
    actionId: input.actionId,
    sessionId: input.sessionId,
    userId: input.userId,
    eventType: input.eventType,
    timestamp: (timestamp as number) - timeBase,
    eventId: flatString(input.eventId ?? crypto.randomUUID()),
    recommendationId: input.recommendationId,
    impression: input.impression === undefined ? undefined : input.impression.slice(),
    properties,
  }
}
