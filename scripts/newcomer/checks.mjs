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

/**
 * A browser posting one click on `sku-click` to the collector at `base` (same origin), which mints the session
 * cookie. Returns the session id and the problems with the answer.
 */
export async function postClick(base, label) {
  const click = await fetch(`${base}/api/personalize/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({
      events: [{ eventType: 'click', itemId: 'sku-click', eventId: crypto.randomUUID() }],
    }),
  })
  const sid = sessionCookie(click)
  const problems =
    click.status !== 202 || !sid
      ? [`${label}: the collector answered ${click.status} without a session cookie`]
      : []
  return { sid, problems }
}

/**
 * The emulator's PutEvents records checked for session `sid`: none under other sessions, and each `expected` event
 * exactly once (see exactlyOnceProblems). Returns how many the session has and the problems, labelled.
 */
export async function storedEventProblems(emulatorUrl, sid, expected, label) {
  const { records } = await (await fetch(`${emulatorUrl}/_emulator/records?operation=PutEvents`)).json()
  const mine = records.filter((r) => r.sessionId === sid)
  const problems = []
  if (records.length !== mine.length)
    problems.push(`${label}: ${records.length - mine.length} events under other sessions`)
  problems.push(...exactlyOnceProblems(mine, expected).map((p) => `${label}: ${p}`))
  return { stored: mine.length, problems }
}
