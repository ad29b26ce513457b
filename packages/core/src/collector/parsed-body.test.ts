import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Dispatcher, DispatcherStats, EventInput, FlushReport } from '../types'
import { createCollector } from './create-collector'
import { withParsedBody } from './parsed-body'

function setup(maxBodyBytes = 1024) {
  const events: EventInput[] = []
  const report: FlushReport = { delivered: 0, deadLettered: 0, deadLetteredByReason: {}, pending: 0 }
  const dispatcher: Dispatcher = {
    recordEvent(input) {
      events.push(input)
      return { eventId: input.eventId ?? `generated-${events.length}` }
    },
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
  return { collect: createCollector({ dispatcher, maxBodyBytes }), events }
}

/** A request whose own body would fail if read: the collector must use the attached value only. */
function attached(body: unknown, declaredBytes?: number) {
  const request = new Request('https://shop.example/api/personalize/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
    body: new ReadableStream({ pull: (c) => c.error(new Error('the body must not be read')) }),
    duplex: 'half',
  } as RequestInit)
  return withParsedBody(request, body, declaredBytes === undefined ? {} : { declaredBytes })
}

describe('withParsedBody', () => {
  it('lets the collector use an already-parsed body without reading the request body', async () => {
    const { collect, events } = setup()
    const response = await collect(
      attached({ events: [{ eventType: 'click', itemId: 'sku-1', eventId: 'e-1' }] }, 80),
    )
    expect(response.status).toBe(202)
    expect(response.headers.get('content-length')).toBe(
      String((await response.clone().arrayBuffer()).byteLength),
    )
    expect(await response.json()).toEqual({ accepted: ['e-1'], rejected: [], dropped: [] })
    expect(events).toMatchObject([{ eventType: 'click', itemId: 'sku-1', eventId: 'e-1' }])
  })

  it('answers 413 when the declared size of the parsed body is over maxBodyBytes', async () => {
    const { collect, events } = setup(100)
    const response = await collect(attached({ events: [{ eventType: 'click' }] }, 101))
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    expect(events).toEqual([])
  })

  it('refuses a __proto__ key at any depth of the parsed body', async () => {
    const { collect, events } = setup()
    const body = JSON.parse('{"events":[{"eventType":"a","properties":{"deep":[{"__proto__":{"x":1}}]}}]}')
    const response = await collect(attached(body, 70))
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        code: 'INVALID_JSON',
        message: 'request body contains a "__proto__" key, which is not allowed',
      },
    })
    expect(events).toEqual([])
  })

  it('sees a non-JSON value (a Date) exactly as JSON would have carried it', async () => {
    const { collect, events } = setup()
    const sentAt = new Date('2026-01-01T00:00:00.000Z')
    const response = await collect(attached({ events: [{ eventType: 'a', properties: { sentAt } }] }, 80))
    expect(response.status).toBe(202)
    expect(events[0]?.properties).toEqual({ sentAt: '2026-01-01T00:00:00.000Z' })
  })

  it('answers 400 for a body that cannot be JSON (a cycle) instead of failing', async () => {
    const { collect } = setup()
    const cyclic: Record<string, unknown> = { events: [{ eventType: 'a' }] }
    cyclic.self = cyclic
    const response = await collect(attached(cyclic, 40))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_JSON' } })
  })

  it('judges a body exactly as the raw path does, 1e400 included', async () => {
    for (const text of [
      '{"events":[{"eventType":"click","eventValue":1e400}]}',
      '{"events":[{"eventType":"click","eventValue":-1e400},{"eventType":"ok"}]}',
      '{"events":[{"eventType":"click","sentAt":1e400}]}',
      '{"events":[{"eventType":"click","properties":{"big":1e400}}]}',
      '{"events":[{"eventType":"click","impression":[1e400]}]}',
    ]) {
      expect(await judgeParsed(text), text).toEqual(await judgeRaw(text))
    }
    const parsed = await judgeParsed('{"events":[{"eventType":"click","eventValue":1e400}]}')
    expect(parsed.status).toBe(400)
    expect(JSON.stringify(parsed.body)).toContain('eventValue must be a finite number')
  })

  it('judges arbitrary JSON bodies alike on both roads (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(bodyText(), async (text) => {
        expect(await judgeParsed(text)).toEqual(await judgeRaw(text))
      }),
      { numRuns: 150 },
    )
  })
})

/** What the collector answered and recorded, without what differs per call (session, server time). */
async function judge(
  collect: (request: Request) => Promise<Response>,
  events: EventInput[],
  request: Request,
) {
  const response = await collect(request)
  return {
    status: response.status,
    body: (await response.json()) as unknown,
    recorded: events.map(({ sessionId: _s, sentAt: _t, ...rest }) => rest),
  }
}

function judgeRaw(text: string) {
  const { collect, events } = setup(4096)
  const request = new Request('https://shop.example/api/personalize/events', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
    body: text,
  })
  return judge(collect, events, request)
}

function judgeParsed(text: string) {
  const { collect, events } = setup(4096)
  // What express.json() hands on: JSON.parse of the same bytes.
  return judge(collect, events, attached(JSON.parse(text), new TextEncoder().encode(text).byteLength))
}

/** JSON text of collector bodies, with number tokens JSON.stringify never writes (1e400, -0, 1E-400). */
function bodyText(): fc.Arbitrary<string> {
  const number = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.constantFrom('1e400', '-1e400', '-0', '1E-400', '12345678901234567890', '0.1e1'),
  )
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      number,
      fc.string().map((s) => JSON.stringify(s)),
      fc.constantFrom('true', 'false', 'null'),
      fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
      fc
        .array(fc.tuple(fc.constantFrom('a', 'b', '__proto__', 'constructor'), tie('value')), {
          maxLength: 3,
        })
        .map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    ),
  }))
  const field = fc.tuple(
    fc.constantFrom(
      'eventType',
      'itemId',
      'eventValue',
      'properties',
      'impression',
      'sentAt',
      'eventId',
      'userId',
      'recommendationId',
      'metricAttribution',
      'extra',
    ),
    fc.oneof(value, fc.constant('"click"'), number),
  )
  const event = fc
    .array(field, { maxLength: 5 })
    .map((pairs) => `{"eventType":"click"${pairs.map(([k, v]) => `,${JSON.stringify(k)}:${v}`).join('')}}`)
  return fc
    .array(fc.oneof(event, value), { minLength: 1, maxLength: 4 })
    .map((list) => `{"events":[${list.join(',')}]}`)
}
