/**
 * Compact records held while queued: plain data, one object per record, no closures. `seq` orders records
 * (and is what `flush()` barriers compare), `at` is when the record was accepted (the latency bound's start).
 * `sentAt` and `timestamp` are milliseconds relative to the dispatcher's `timeBase` (its creation time, wall clock),
 * `at` whole milliseconds relative to its `clockBase` (the monotonic clock, for deadlines):
 * small integers that V8 stores inline, where epoch milliseconds would each need a heap number.
 */
export interface QueuedRecord {
  seq: number
  at: number
}

export interface EventRecord extends QueuedRecord {
  eventType: string
  sentAt: number
  eventId: string
  eventValue: number | undefined
  itemId: string | undefined
  properties: string | undefined
  recommendationId: string | undefined
  impression: string[] | undefined
  metricAttribution: { eventAttributionSource: string } | undefined
}

export interface ActionInteractionRecord extends QueuedRecord {
  actionId: string
  sessionId: string
  userId: string | undefined
  eventType: string
  timestamp: number
  eventId: string
  recommendationId: string | undefined
  impression: string[] | undefined
  properties: string | undefined
}

/** An item, user or action: `id` is the itemId, userId or actionId. */
export interface EntityRecord extends QueuedRecord {
  id: string
  properties: string | undefined
}

export type AnyRecord = EventRecord | ActionInteractionRecord | EntityRecord
