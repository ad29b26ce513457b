import fc from 'fast-check'

/** A request a hostile or broken client might send to the collector. */
export interface HostileRequest {
  /** `null` omits the header; an array sends it twice. */
  contentType: string | string[] | null
  body: string | Uint8Array
}

const KEYS = [
  'eventType',
  'itemId',
  'eventValue',
  'properties',
  'recommendationId',
  'impression',
  'eventId',
  'sentAt',
  'metricAttribution',
  'userId',
  'sessionId',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'trackingId',
]

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  // Lone surrogates: valid in a JS string, not in UTF-8.
  fc.constantFrom('\uD800', 'a\uDFFFb', '\uDBFF\uDBFF', 'null', 'undefined', '', ' ', '\u0000'),
  fc.nat({ max: 2000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('NaN', 'Infinity', '-1', '1e999', '0x10', '1700000000000', '2026-11-29T00:00:00Z'),
)

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    0,
    -0,
    1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    1_700_000_000,
    1_700_000_000_000,
  ),
)

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS, 'x', 'polluted'), tie('value'), { maxKeys: 4 }),
  ),
})).value

/** An event with mostly plausible fields, some hostile: enough valid ones get through to exercise acceptance. */
const event = fc.oneof(
  fc.record(
    {
      eventType: fc.oneof(fc.constantFrom('click', 'view'), hostileString),
      itemId: fc.oneof(fc.constantFrom('sku-1', 'sku-2'), hostileString),
      eventValue: fc.oneof(hostileNumber, hostileString),
      properties: fc.oneof(
        fc.dictionary(fc.constantFrom('color', 'size', '__proto__', 'constructor', 'userId'), hostileValue, {
          maxKeys: 3,
        }),
        hostileString,
        hostileValue,
      ),
      impression: fc.oneof(fc.array(fc.constantFrom('sku-1', 'sku-2', ''), { maxLength: 30 }), hostileValue),
      sentAt: fc.oneof(hostileNumber, hostileString, fc.constant(Date.now())),
      eventId: hostileString,
      userId: fc.constantFrom('victim-user', 'admin'),
      sessionId: fc.constantFrom('victim-session-0000000000', '../../etc'),
      recommendationId: hostileString,
      metricAttribution: hostileValue,
    },
    { requiredKeys: ['eventType'] },
  ),
  fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 6 }),
  hostileValue,
)

/** Text that is JSON, almost JSON, or far from it. */
const jsonText = fc.oneof(
  // Well-formed `{ events: [...] }`, sometimes with a huge array.
  fc.array(event, { maxLength: 12 }).map((events) => JSON.stringify({ events })),
  fc
    .tuple(
      fc.constantFrom({ eventType: 'click' }, { eventType: 'view', itemId: 'sku-1' }, 1),
      fc.nat({ max: 3000 }),
    )
    .map(([e, n]) => JSON.stringify({ events: Array(n).fill(e) })),
  // Huge strings where a short one belongs.
  fc
    .tuple(fc.constantFrom('eventType', 'itemId', 'eventId', 'properties'), fc.nat({ max: 80_000 }))
    .map(([key, n]) => JSON.stringify({ events: [{ eventType: 'click', [key]: 'x'.repeat(n) }] })),
  // Prototype-pollution attempts, spelled the way JSON.parse keeps them.
  fc.constantFrom(
    '{"__proto__":{"polluted":1},"events":[{"eventType":"click"}]}',
    '{"events":[{"eventType":"click","__proto__":{"polluted":1}}]}',
    '{"events":[{"eventType":"click","properties":{"__proto__":{"polluted":1}}}]}',
    '{"constructor":{"prototype":{"polluted":1}},"events":[{"eventType":"click"}]}',
    '{"events":[{"eventType":"click","properties":{"constructor":{"prototype":{"polluted":1}}}}]}',
    '{"events":{"length":3,"0":{"eventType":"click"}}}',
    '{"events":[{"eventType":"click","eventValue":NaN}]}',
    '{"events":[{"eventType":"click","eventValue":Infinity}]}',
    '{"events":[{"eventType":"click","sentAt":1e999}]}',
    '{"events":[{"eventType":"click"}],"events":[{"eventType":"view"}]}',
  ),
  // Deep nesting, inside an event and as the whole body.
  fc
    .nat({ max: 30_000 })
    .map((n) => `{"events":[{"eventType":"click","properties":${'['.repeat(n)}${']'.repeat(n)}}]}`),
  fc.nat({ max: 30_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  // Truncated JSON.
  fc.tuple(fc.array(event, { minLength: 1, maxLength: 3 }), fc.nat()).map(([events, cut]) => {
    const text = JSON.stringify({ events })
    return text.slice(0, cut % text.length)
  }),
  hostileValue.map((v) => JSON.stringify(v) ?? 'undefined'),
  hostileString,
)

/** Bytes that are not UTF-8, or UTF-8 with a byte-order mark. */
const rawBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.constantFrom(
    new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"events":[{"eventType":"click"}]}')]),
    new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    new Uint8Array([0xed, 0xa0, 0x80]),
  ),
)

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<string | string[] | null>(
      null,
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/json; charset=latin1',
      'application/vnd.api+json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset="utf-8"; charset=utf-16',
      ['application/json', 'text/plain'],
      ['text/html', 'application/json'],
      '',
      ';;;',
    ),
  },
)

/** Every kind of request body the issue lists, under every kind of content type. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc.record({
  contentType,
  body: fc.oneof({ weight: 8, arbitrary: jsonText }, { weight: 1, arbitrary: rawBytes }),
})

/** Own property names of the built-in prototypes, to prove none was added. */
export function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype]
    .map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))
    .join('|')
}

/** What a collector accepted event may look like when it reaches the dispatcher. */
export function invalidDispatcherInput(input: unknown, sessionId: string | undefined): string | undefined {
  if (typeof input !== 'object' || input === null) return 'not an object'
  if (Object.getPrototypeOf(input) !== Object.prototype) return 'not a plain object'
  const event = input as Record<string, unknown>
  for (const key of Object.keys(event)) {
    if (
      ![
        'sessionId',
        'userId',
        'eventType',
        'itemId',
        'eventValue',
        'properties',
        'sentAt',
        'eventId',
        'recommendationId',
        'impression',
        'metricAttribution',
      ].includes(key)
    )
      return `unexpected key ${key}`
  }
  if (typeof event.sessionId !== 'string' || !/^[A-Za-z0-9_-]{16,128}$/.test(event.sessionId)) {
    return `sessionId ${String(event.sessionId)} is not a server-minted session`
  }
  if (sessionId !== undefined && event.sessionId !== sessionId) return 'sessionId differs from the cookie'
  if (event.userId !== undefined) return `userId ${String(event.userId)} came from the body`
  if (typeof event.eventType !== 'string' || event.eventType.length === 0) return 'eventType missing'
  if (typeof event.sentAt !== 'number' || Math.abs(event.sentAt - Date.now()) > 600_000 + 60_000) {
    return `sentAt ${String(event.sentAt)} outside the skew window`
  }
  return undefined
}

/** A dispatcher wrapped so every event the collector hands it is checked by {@link invalidDispatcherInput}. */
export interface InspectedDispatcher<D> {
  /** Delegates everything to the real dispatcher; `recordEvent` checks its input first. */
  dispatcher: D
  /** One line per unsound event that reached `recordEvent`. */
  problems: string[]
  /** The session the next events must carry (`undefined`: any server-minted one). */
  expectSession(sessionId: string | undefined): void
}

/**
 * Wraps a real dispatcher in a spy that checks every event the collector hands it, then passes it on unchanged.
 *
 * @example
 * const { dispatcher, problems } = inspectDispatcher(createDispatcher(options))
 */
export function inspectDispatcher<D extends { recordEvent(input: never): unknown }>(
  real: D,
): InspectedDispatcher<D> {
  const problems: string[] = []
  let expectedSession: string | undefined
  const recordEvent = (input: unknown) => {
    const problem = invalidDispatcherInput(input, expectedSession)
    if (problem) problems.push(problem)
    return Reflect.apply(real.recordEvent, real, [input])
  }
  // A proxy rather than a hand-written copy of the Dispatcher interface: this package cannot depend on core
  // (core's tests depend on it), and every other member keeps reaching the real dispatcher with `this` intact.
  const dispatcher = new Proxy(real, {
    get(target, key) {
      if (key === 'recordEvent') return recordEvent
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return {
    dispatcher,
    problems,
    expectSession(sessionId) {
      expectedSession = sessionId
    },
  }
}
