import { describe, expect, it } from 'vitest'
import type { ShapeDef } from './constraint-types'
import { OPERATIONS, SHAPES } from './constraints.generated'
import { FULL_BODIES } from './test-fixtures'
import type { Operation } from './types'
import { createValidator, formatViolations } from './validate'

const validate = createValidator(SHAPES)

/** A value of valid length that breaks each pattern in the model; a new pattern fails the suite until added. */
const PATTERN_BREAKERS: Record<string, string> = {
  '^arn:([a-z\\d-]+):personalize:.*:.*:.+$': 'arn:aws:s3:::bucket',
  '^[\\x20-\\x7E]*[\\x21-\\x7E]+[\\x20-\\x7E]*$': '   ',
}

interface Site {
  segments: (string | number)[]
  awsPath: string
  shape: ShapeDef
  required: boolean
  reservedKeys?: string[]
}

/** Walks a valid body alongside the model, yielding every member present: the places a constraint can bite. */
function sites(
  shapeName: string,
  value: unknown,
  segments: (string | number)[],
  awsPath: string,
  out: Site[],
) {
  const shape = SHAPES[shapeName] as ShapeDef
  if (shape.type === 'structure') {
    for (const [name, m] of Object.entries(shape.members ?? {})) {
      const v = (value as Record<string, unknown>)[name]
      expect(v, `fixture must use ${awsPath}${name}`).toBeDefined()
      const p = `${awsPath}${name}`
      out.push({
        segments: [...segments, name],
        awsPath: p,
        shape: SHAPES[m.target] as ShapeDef,
        required: !!m.required,
        reservedKeys: m.reservedKeys,
      })
      sites(m.target, v, [...segments, name], `${p}.`, out)
    }
  } else if (shape.type === 'list') {
    sites(shape.member as string, (value as unknown[])[0], [...segments, 0], `${awsPath}1.member.`, out)
  }
  return out
}

function mutate(
  body: Record<string, unknown>,
  segments: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(body)
  let target = copy as Record<string | number, unknown>
  for (const s of segments.slice(0, -1)) target = target[s] as Record<string | number, unknown>
  const last = segments[segments.length - 1] as string | number
  if (value === undefined) delete target[last]
  else target[last] = value
  return copy
}

function get(body: unknown, segments: (string | number)[]): unknown {
  let v = body as Record<string | number, unknown>
  for (const s of segments) v = v[s] as Record<string | number, unknown>
  return v
}

const cases: {
  op: Operation
  name: string
  body: Record<string, unknown>
  path: string
  expect: RegExp
  kind: 'constraints' | 'serialization'
}[] = []
for (const def of OPERATIONS) {
  const op = def.name as Operation
  const body = FULL_BODIES[op]
  for (const site of sites(def.input, body, [], '', [])) {
    const { shape, awsPath: path, segments } = site
    if (site.required) {
      cases.push({
        op,
        name: `${path} required`,
        body: mutate(body, segments, undefined),
        path,
        expect: /Member must not be null/,
        kind: 'constraints',
      })
      cases.push({
        op,
        name: `${path} null counts as absent`,
        body: mutate(body, segments, null),
        path,
        expect: /Member must not be null/,
        kind: 'constraints',
      })
    }
    if (shape.type === 'string') {
      if (shape.min !== undefined && shape.min > 0) {
        cases.push({
          op,
          name: `${path} shorter than ${shape.min}`,
          body: mutate(body, segments, 'x'.repeat(shape.min - 1)),
          path,
          expect: new RegExp(`greater than or equal to ${shape.min}`),
          kind: 'constraints',
        })
      }
      if (shape.max !== undefined) {
        const prefix = shape.pattern === undefined ? '' : String(get(body, segments))
        const filler =
          shape.mediaType === 'application/json'
            ? `{"k":"${'x'.repeat(shape.max)}"}`
            : `${prefix}${'x'.repeat(shape.max + 1 - prefix.length)}`
        cases.push({
          op,
          name: `${path} longer than ${shape.max}`,
          body: mutate(body, segments, filler),
          path,
          expect: new RegExp(`less than or equal to ${shape.max}`),
          kind: 'constraints',
        })
        // Lengths count code points: max emoji (2 UTF-16 units each) must pass.
        if (shape.mediaType === undefined && shape.pattern === undefined) {
          const result = validate(def.input, mutate(body, segments, '👍'.repeat(shape.max)))
          it(`${op} ${path} counts ${shape.max} emoji as ${shape.max} code points`, () =>
            expect(result.constraints).toEqual([]))
        }
      }
      if (shape.pattern !== undefined) {
        const bad = PATTERN_BREAKERS[shape.pattern]
        it(`has a breaker for pattern ${shape.pattern}`, () => expect(bad).toBeDefined())
        cases.push({
          op,
          name: `${path} pattern`,
          body: mutate(body, segments, bad),
          path,
          expect: /must satisfy regular expression pattern/,
          kind: 'constraints',
        })
      }
      if (shape.mediaType === 'application/json') {
        cases.push({
          op,
          name: `${path} not JSON`,
          body: mutate(body, segments, '{oops'),
          path,
          expect: /Error parsing properties json/,
          kind: 'constraints',
        })
        cases.push({
          op,
          name: `${path} JSON array`,
          body: mutate(body, segments, '[1,2]'),
          path,
          expect: /must be a JSON object, got array/,
          kind: 'constraints',
        })
        for (const key of site.reservedKeys ?? []) {
          const upper = key.toUpperCase()
          cases.push({
            op,
            name: `${path} reserved key ${upper}`,
            body: mutate(body, segments, JSON.stringify({ [upper]: 'x' })),
            path,
            expect: new RegExp(`reserved key '${upper}'`),
            kind: 'constraints',
          })
        }
      }
      cases.push({
        op,
        name: `${path} number instead of string`,
        body: mutate(body, segments, 42),
        path,
        expect: /Expected a string/,
        kind: 'serialization',
      })
    }
    if (shape.type === 'list') {
      const list = get(body, segments) as unknown[]
      if (shape.min !== undefined && shape.min > 0) {
        cases.push({
          op,
          name: `${path} empty list`,
          body: mutate(body, segments, []),
          path,
          expect: new RegExp(`greater than or equal to ${shape.min}`),
          kind: 'constraints',
        })
      }
      if (shape.max !== undefined) {
        const long = Array.from({ length: shape.max + 1 }, () => structuredClone(list[0]))
        cases.push({
          op,
          name: `${path} ${shape.max + 1} elements`,
          body: mutate(body, segments, long),
          path,
          expect: new RegExp(`less than or equal to ${shape.max} \\(got ${shape.max + 1}`),
          kind: 'constraints',
        })
      }
      cases.push({
        op,
        name: `${path} object instead of list`,
        body: mutate(body, segments, {}),
        path,
        expect: /Expected a list/,
        kind: 'serialization',
      })
    }
    if (shape.type === 'timestamp') {
      cases.push({
        op,
        name: `${path} ISO string`,
        body: mutate(body, segments, '2024-01-02T03:04:05Z'),
        path,
        expect: /Expected epoch seconds/,
        kind: 'serialization',
      })
      cases.push({
        op,
        name: `${path} stringified epoch`,
        body: mutate(body, segments, '1704164645'),
        path,
        expect: /Expected epoch seconds/,
        kind: 'serialization',
      })
    }
    if (shape.type === 'float') {
      cases.push({
        op,
        name: `${path} string`,
        body: mutate(body, segments, '1.5'),
        path,
        expect: /Expected a number/,
        kind: 'serialization',
      })
    }
    if (shape.type === 'structure') {
      cases.push({
        op,
        name: `${path} string instead of object`,
        body: mutate(body, segments, 'x'),
        path,
        expect: /Expected an object/,
        kind: 'serialization',
      })
    }
  }
}

describe('model-driven validation', () => {
  it.each(Object.keys(FULL_BODIES) as Operation[])('accepts the full %s fixture', (op) => {
    const input = OPERATIONS.find((o) => o.name === op)?.input as string
    expect(validate(input, FULL_BODIES[op])).toEqual({ serialization: [], constraints: [] })
  })

  it('covers a case for every constraint the model declares', () => {
    // 5 operations × (required, lengths, lists, patterns, JSON) — a shrinking count means coverage was lost.
    expect(cases.length).toBeGreaterThan(120)
  })

  it.each(cases.map((c) => [`${c.op} ${c.name}`, c] as const))('rejects %s', (_, c) => {
    const input = OPERATIONS.find((o) => o.name === c.op)?.input as string
    const result = validate(input, c.body)
    const found = result[c.kind]
    expect(found.map((v) => v.path)).toContain(c.path)
    expect(found.find((v) => v.path === c.path)?.message).toMatch(c.expect)
  })

  it('reports every violation of a request in one message, in AWS dialect', () => {
    const body = {
      trackingId: '',
      sessionId: 's',
      eventList: [
        { eventType: 'a', sentAt: 1 },
        { sentAt: 2, recommendationId: 'r'.repeat(41) },
      ],
    }
    const { constraints } = validate('PutEventsRequest', body)
    expect(constraints.map((v) => v.pointer)).toEqual([
      '/trackingId',
      '/eventList/1/eventType',
      '/eventList/1/recommendationId',
    ])
    expect(formatViolations(constraints)).toBe(
      "3 validation errors detected: Value '' at 'trackingId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'eventList.2.member.eventType' failed to satisfy constraint: Member must not be null; " +
        // Event is @sensitive, so its values are never echoed.
        "Value at 'eventList.2.member.recommendationId' failed to satisfy constraint: Member must have length less than or equal to 40",
    )
  })

  it('never echoes sensitive values (the whole Event, user ids, properties)', () => {
    const { constraints } = validate('PutEventsRequest', {
      trackingId: 't',
      sessionId: 's',
      userId: 'secret-user-'.repeat(30),
      eventList: [{ eventType: 'secret-event-'.repeat(30), sentAt: 1 }],
    })
    expect(constraints).toHaveLength(2)
    for (const v of constraints) expect(v.message).not.toContain('secret')
  })

  it('accepts integer and fractional epoch seconds and the SDK encodings of NaN/Infinity floats', () => {
    for (const sentAt of [0, 1704164645, 1704164645.678]) {
      for (const eventValue of [0, -1.25, 'NaN', 'Infinity', '-Infinity']) {
        expect(
          validate('PutEventsRequest', {
            trackingId: 't',
            sessionId: 's',
            eventList: [{ eventType: 'a', sentAt, eventValue }],
          }),
        ).toEqual({ serialization: [], constraints: [] })
      }
    }
  })

  it('rejects a body that is not an object and null list elements as serialization errors', () => {
    expect(validate('PutEventsRequest', [1]).serialization[0]?.message).toMatch(
      /Expected an object at '\(body\)', got array/,
    )
    const r = validate('PutEventsRequest', { trackingId: 't', sessionId: 's', eventList: [null] })
    expect(r.serialization[0]?.message).toMatch(/Unexpected null in the list at 'eventList'/)
  })

  it('ignores unknown members, as restJson1 servers must', () => {
    expect(validate('PutItemsRequest', { ...FULL_BODIES.PutItems, extra: 1 })).toEqual({
      serialization: [],
      constraints: [],
    })
  })

  it('checks the attribution-source pattern in linear time (no ReDoS)', () => {
    const nasty = `${'a'.repeat(1023)}\u0001`
    const body = mutate(
      FULL_BODIES.PutEvents,
      ['eventList', 0, 'metricAttribution', 'eventAttributionSource'],
      nasty,
    )
    // A backtracking engine needs ~200 ms here; we only check the verdict, the bench watches speed.
    expect(validate('PutEventsRequest', body).constraints[0]?.message).toMatch(/regular expression pattern/)
  })
})
