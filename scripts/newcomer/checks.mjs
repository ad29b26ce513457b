// What the newcomer test expects of the events that reached the emulator.

/**
 * Problems with `records` (the emulator's PutEvents records of one session) against `expected`, a list of
 * `{ eventType, itemId, count }`: each must arrive exactly `count` times, nothing else may arrive, and no eventId may
 * repeat.
 */
export function exactlyOnceProblems(records, expected) {
  const problems = []
  const key = (r) => `${r.eventType} ${r.itemId ?? ''}`
  const counts = new Map()
  for (const r of records) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1)
  for (const { eventType, itemId, count = 1 } of expected) {
    const got = counts.get(`${eventType} ${itemId}`) ?? 0
    if (got !== count) problems.push(`${eventType} of ${itemId}: ${got} stored, expected ${count}`)
    counts.delete(`${eventType} ${itemId}`)
  }
  for (const [k, n] of counts) problems.push(`unexpected: ${n} × ${k}`)
  const ids = records.map((r) => r.eventId)
  if (new Set(ids).size !== ids.length) problems.push(`an eventId was stored twice: ${ids.join(', ')}`)
  return problems
}

/** The `pk_sid` value a response sets, if any. */
export const sessionCookie = (response) =>
  response.headers
    .getSetCookie()
    .map((c) => /^pk_sid=([^;]+)/.exec(c)?.[1])
    .find(Boolean)
