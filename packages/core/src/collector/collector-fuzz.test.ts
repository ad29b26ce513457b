import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Dispatcher, DispatcherStats, FlushReport } from '../types'
import { createCollector } from './create-collector'

const report: FlushReport = { delivered: 0, deadLettered: 0, deadLetteredByReason: {}, pending: 0 }
/** Accepts everything it is given, like a dispatcher with room to spare. */
const acceptAll: Dispatcher = {
  recordEvent: (input) => ({ eventId: input.eventId ?? 'id' }),
  putItem() {},
  putUser() {},
  putAction() {},
  recordActionInteraction: () => ({ eventId: 'a' }),
  flush: async () => report,
  close: async () => report,
  stats: () => ({}) as DispatcherStats,
  closed: false,
  maxQueueSize: 10_000,
  logger: console,
}

describe('createCollector on arbitrary input', () => {
  it('always resolves to a JSON response with a known status, never polluting prototypes', async () => {
    const collect = createCollector({ dispatcher: acceptAll, maxEventsPerRequest: 5, maxBodyBytes: 2048 })
    const body = fc.oneof(
      fc.string(),
      fc.json().map((json) => `{"events":${json}}`),
      fc
        .array(
          fc.dictionary(
            fc.constantFrom('eventType', 'itemId', 'sentAt', 'impression', '__proto__', 'x'),
            fc.jsonValue(),
          ),
          {
            maxLength: 7,
          },
        )
        .map((events) => JSON.stringify({ events })),
    )
    await fc.assert(
      fc.asyncProperty(
        body,
        fc.constantFrom('application/json', 'text/plain', 'text/html'),
        async (text, type) => {
          const response = await collect(
            new Request('http://shop.test/e', {
              method: 'POST',
              headers: { 'content-type': type },
              body: text,
            }),
          )
          expect([202, 400, 413, 415]).toContain(response.status)
          expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
          const json = (await response.json()) as Record<string, unknown>
          expect(json.error !== undefined || Array.isArray(json.accepted)).toBe(true)
          expect(({} as Record<string, unknown>).eventType).toBeUndefined()
        },
      ),
      { numRuns: 300 },
    )
  })
})
