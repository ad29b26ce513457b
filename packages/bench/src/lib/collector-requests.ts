import type { Request } from 'autocannon'

/** A browser's batch of 5 events, as `@personalize-kit/core/browser` posts it to the collector. */
export function collectorBody(n: number): string {
  const events = Array.from({ length: 5 }, (_, k) => ({
    eventType: k === 4 ? 'click' : 'view',
    itemId: `sku-${(n * 5 + k) % 500}`,
    eventId: `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${k.toString(16).padStart(12, '0')}`,
    sentAt: Date.now(),
    properties: { page: 'category', position: k, device: 'mobile' },
  }))
  return JSON.stringify({ events })
}

/** A session cookie the collector accepts (16..128 of [A-Za-z0-9_-]). */
export const sessionCookie = (i: number): string => `pk_sid=bench-session-${i.toString().padStart(6, '0')}`

/**
 * Collector requests from `sessions` visitors in turn: same-origin (as the browser tracker sends them), JSON,
 * with the visitor's session cookie. The same list drives the bare echo route for the baseline.
 */
export function collectorRequests(origin: string, path: string, sessions: number): Request[] {
  return Array.from({ length: sessions }, (_, i) => ({
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/json',
      origin,
      'sec-fetch-site': 'same-origin',
      cookie: sessionCookie(i),
    },
    body: collectorBody(i),
  }))
}
