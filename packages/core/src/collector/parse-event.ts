import type { EventInput } from '../types'

type Issue = { path: string; message: string }

/** @internal An event as a browser may send it, before identity and policy are applied. */
export type ClientEvent = Omit<EventInput, 'sessionId' | 'userId' | 'sentAt' | 'trackingId'> & {
  sentAt?: number
  userId?: string
}

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
 * Checks the shape of one client event and copies its known fields into a fresh object. Lengths and
 * Personalize's finer rules are left to the dispatcher, which reports them as issues too.
 */
export function parseClientEvent(
  raw: unknown,
): { ok: true; event: ClientEvent } | { ok: false; issues: Issue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path: '', message: 'event must be a JSON object' }] }
  }
  const input = raw as Record<string, unknown>
  const issues: Issue[] = []
  for (const key of Object.keys(input)) {
    if (!KNOWN_FIELDS.has(key)) issues.push({ path: key, message: `unknown field "${key}"` })
  }
  const event: ClientEvent = { eventType: '' }
  if (typeof input.eventType === 'string' && input.eventType.length > 0) event.eventType = input.eventType
  else issues.push({ path: 'eventType', message: 'eventType is required and must be a non-empty string' })

  for (const key of ['itemId', 'recommendationId', 'eventId', 'userId'] as const) {
    const value = input[key]
    if (value === undefined || value === null) continue
    if (typeof value === 'string') event[key] = value
    else issues.push({ path: key, message: `${key} must be a string` })
  }
  if (input.eventValue !== undefined && input.eventValue !== null) {
    if (typeof input.eventValue === 'number' && Number.isFinite(input.eventValue)) {
      event.eventValue = input.eventValue
    } else issues.push({ path: 'eventValue', message: 'eventValue must be a finite number' })
  }
  if (input.properties !== undefined && input.properties !== null) {
    const p = input.properties
    if (typeof p === 'string' || (typeof p === 'object' && !Array.isArray(p))) {
      event.properties = p as Record<string, unknown> | string
    } else issues.push({ path: 'properties', message: 'properties must be an object or a JSON string' })
  }
  if (input.impression !== undefined && input.impression !== null) {
    const list = input.impression
    if (Array.isArray(list) && list.every((id) => typeof id === 'string')) event.impression = [...list]
    else issues.push({ path: 'impression', message: 'impression must be an array of item id strings' })
  }
  if (input.metricAttribution !== undefined && input.metricAttribution !== null) {
    const source = (input.metricAttribution as { eventAttributionSource?: unknown }).eventAttributionSource
    if (typeof source === 'string') event.metricAttribution = { eventAttributionSource: source }
    else {
      issues.push({
        path: 'metricAttribution.eventAttributionSource',
        message: 'metricAttribution must be { eventAttributionSource: string }',
      })
    }
  }
  if (input.sentAt !== undefined && input.sentAt !== null) {
    const sentAt = toEpochMs(input.sentAt)
    if (sentAt === undefined) {
      issues.push({ path: 'sentAt', message: 'sentAt must be epoch milliseconds or an ISO 8601 date string' })
    } else event.sentAt = sentAt
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, event }
}

function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value === 'string') {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? undefined : ms
  }
  return undefined
}
