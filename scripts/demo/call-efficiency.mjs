// How well the shops batched PutEvents: records per call against the best any sender could do with the same
// events and the same flush window (the dispatcher's latency bound: a record waits at most `windowMs`).

const MAX_EVENTS_PER_CALL = 10

/** The dispatcher's default `flushIntervalMs`, which both shops use. */
export const DEFAULT_FLUSH_INTERVAL_MS = 1000

/** When an event happened, in epoch ms (the wire's `sentAt` is epoch seconds), else when it was received. */
function eventTime(record) {
  const sentAt = record.data?.sentAt
  if (typeof sentAt === 'number') return sentAt * 1000
  if (typeof sentAt === 'string' && !Number.isNaN(Date.parse(sentAt))) return Date.parse(sentAt)
  return record.receivedAt
}

/**
 * The fewest PutEvents calls that deliver `times` (one session's events) when every event must leave within
 * `windowMs` of happening and a call carries at most 10: greedily, each call leaves as late as its oldest event
 * allows and takes everything that has happened by then (optimal for covering points with fixed-length windows).
 */
export function fewestCalls(times, windowMs, maxPerCall = MAX_EVENTS_PER_CALL) {
  const sorted = [...times].sort((a, b) => a - b)
  let calls = 0
  let i = 0
  while (i < sorted.length) {
    const deadline = sorted[i] + windowMs
    let j = i
    while (j < sorted.length && j - i < maxPerCall && sorted[j] <= deadline) j += 1
    calls += 1
    i = j
  }
  return calls
}

/**
 * Records per PutEvents call in the emulator's records, and the optimum for the flush window: calls are told
 * apart by request id, sessions by tracker + session + user (one call carries one of them).
 */
export function callEfficiency(records, windowMs) {
  const events = records.filter((record) => record.operation === 'PutEvents')
  const calls = new Set(events.map((record) => record.requestId)).size
  const sessions = new Map()
  for (const record of events) {
    const key = `${record.trackingId}\u0000${record.sessionId}\u0000${record.userId ?? ''}`
    const times = sessions.get(key) ?? []
    times.push(eventTime(record))
    sessions.set(key, times)
  }
  let optimumCalls = 0
  for (const times of sessions.values()) optimumCalls += fewestCalls(times, windowMs)
  const perCall = calls === 0 ? 0 : events.length / calls
  const optimumPerCall = optimumCalls === 0 ? 0 : events.length / optimumCalls
  return {
    records: events.length,
    calls,
    optimumCalls,
    perCall,
    optimumPerCall,
    ratio: optimumPerCall === 0 ? 1 : perCall / optimumPerCall,
  }
}

/** The summary line the demo prints. */
export function formatCallEfficiency(efficiency, windowMs) {
  const { records, calls, perCall, optimumPerCall, ratio } = efficiency
  return (
    `PutEvents: ${records} records in ${calls} calls, ${perCall.toFixed(2)} per call; the optimum for a ` +
    `${windowMs / 1000} s flush window is ${optimumPerCall.toFixed(2)} (${Math.round(ratio * 100)} % of it)`
  )
}
