import type { EventInput } from '../types'

type Issue = { path: string; message: string }

/**
 * @internal
 * An event as a browser may send it, in the shape the dispatcher takes: `sessionId` is filled in (and `userId`,
 * `sentAt` decided) by the collector once identity and policy are applied, on this same object.
 */
export type ClientEvent = Omit<EventInput, 'sentAt' | 'trackingId'> & { sentAt?: number }

const KNOWN_FIELDS = new Set([
  'eventType',
  'itemId',
  'eventValue',
  'properties',
  'recommendationId',
  'impression',
  'eventId',
  'sentAt',
  'metricAttribution',
  // Identity is the server's business; these are accepted and ignored (userId honoured only when trusted).
  'userId',
  'sessionId',
])

/**
 * @internal
 * Checks the shape of one client event and copies its known fields into a fresh object, or returns its issues.
 * Lengths and Personalize's finer rules are left to the dispatcher, which reports them as issues too.
 */
export function parseClientEvent(raw: unknown): ClientEvent | Issue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ path: '', message: 'event must be a JSON object' }]
  }
  const input = raw as Record<string, unknown>
  const issues: Issue[] = []
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) issues.push({ path: key, message: `unknown field "${key}"` })
  }
  let eventType = ''
  if (typeof input.eventType === 'string' && input.eventType.length > 0) eventType = input.eventType
  else issues.push({ path: 'eventType', message: 'eventType is required and must be a non-empty string' })
  const itemId = optionalString(input.itemId, 'itemId', issues)
  const recommendationId = optionalString(input.recommendationId, 'recommendationId', issues)
  const eventId = optionalString(input.eventId, 'eventId', issues)
  const userId = optionalString(input.userId, 'userId', issues)

  let eventValue: number | undefined
  if (input.eventValue !== undefined && input.eventValue !== null) {
    if (typeof input.eventValue === 'number' && Number.isFinite(input.eventValue))
      eventValue = input.eventValue
    else issues.push({ path: 'eventValue', message: 'eventValue must be a finite number' })
  }
  let properties: Record<string, unknown> | string | undefined
  if (input.properties !== undefined && input.properties !== null) {
    const p = input.properties
    if (typeof p === 'string' || (typeof p === 'object' && !Array.isArray(p))) {
      properties = p as Record<string, unknown> | string
    } else issues.push({ path: 'properties', message: 'properties must be an object or a JSON string' })
  }
  let impression: string[] | undefined
  if (input.impression !== undefined && input.impression !== null) {
    const list = input.impression
    if (Array.isArray(list) && list.every((id) => typeof id === 'string')) impression = [...list]
    else issues.push({ path: 'impression', message: 'impression must be an array of item id strings' })
  }
  let metricAttribution: { eventAttributionSource: string } | undefined
  if (input.metricAttribution !== undefined && input.metricAttribution !== null) {
    const source = (input.metricAttribution as { eventAttributionSource?: unknown }).eventAttributionSource
    if (typeof source === 'string') metricAttribution = { eventAttributionSource: source }
    else {
      issues.push({
        path: 'metricAttribution.eventAttributionSource',
        message: 'metricAttribution must be { eventAttributionSource: string }',
      })
    }
  }
  let sentAt: number | undefined
  if (input.sentAt !== undefined && input.sentAt !== null) {
    sentAt = toEpochMs(input.sentAt)
    if (sentAt === undefined) {
      issues.push({ path: 'sentAt', message: 'sentAt must be epoch milliseconds or an ISO 8601 date string' })
    }
  }
  if (issues.length > 0) return issues
  // One object literal with every field, absent ones undefined: every event the collector hands on has the same
  // hidden class, so the dispatcher's validation reads its fields monomorphically (see pnpm bench, item 5).
  return {
    sessionId: '',
    eventType,
    itemId,
    eventValue,
    properties,
    recommendationId,
    impression,
    eventId,
    metricAttribution,
    sentAt,
    userId,
  }
}

function optionalString(value: unknown, key: string, issues: Issue[]): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  issues.push({ path: key, message: `${key} must be a string` })
  return undefined
}

function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : ms
  }
  return undefined
}
