import { compilePattern } from './compile-pattern'
import type { MemberDef, ShapeDef, ShapeTable } from './constraint-types'
import type { Violation } from './types'

/** What the walker found: wire-type problems (SerializationException) and constraint violations. */
export interface ValidationResult {
  serialization: Violation[]
  constraints: Violation[]
}

interface Ctx {
  serialization: Violation[]
  constraints: Violation[]
}

type Check = (value: unknown, path: string, pointer: string, ctx: Ctx, sensitive: boolean) => void

const NON_NUMERIC_FLOATS = new Set(['NaN', 'Infinity', '-Infinity'])

function codePointLength(s: string): number {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function valuePrefix(value: unknown, sensitive: boolean): string {
  if (sensitive || typeof value !== 'string') return 'Value'
  return `Value '${value.length > 64 ? `${value.slice(0, 64)}…` : value}'`
}

function lengthMessage(min: number | undefined, max: number | undefined, len: number, unit: string): string {
  if (min !== undefined && len < min) {
    return `Member must have ${unit} greater than or equal to ${min}`
  }
  return `Member must have ${unit} less than or equal to ${max}`
}

function checkProperties(
  s: string,
  reserved: { keys: readonly string[]; lower: ReadonlySet<string> } | undefined,
  path: string,
  pointer: string,
  ctx: Ctx,
): void {
  let parsed: unknown
  try {
    parsed = JSON.parse(s)
  } catch {
    ctx.constraints.push({
      path,
      pointer,
      message: `Value at '${path}' failed to satisfy constraint: Error parsing properties json`,
    })
    return
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    ctx.constraints.push({
      path,
      pointer,
      message: `Value at '${path}' failed to satisfy constraint: Error parsing properties json: must be a JSON object, got ${describe(parsed)}`,
    })
    return
  }
  if (!reserved) return
  for (const key of Object.keys(parsed)) {
    if (reserved.lower.has(key.toLowerCase())) {
      ctx.constraints.push({
        path,
        pointer,
        message: `Value at '${path}' failed to satisfy constraint: properties must not contain the reserved key '${key}' (reserved, case insensitive: ${reserved.keys.join(', ')})`,
      })
    }
  }
}

/**
 * Turns the generated shape table into one checker per shape, with patterns compiled once, so the hot path only
 * walks the value. Violations are collected, never thrown, so a request reports all of them at once.
 * @internal
 */
export function createValidator(shapes: ShapeTable): (shapeName: string, value: unknown) => ValidationResult {
  const checks = new Map<string, Check>()

  const compile = (name: string, member?: MemberDef): Check => {
    const key = member?.reservedKeys ? `${name}|${member.reservedKeys.join(',')}` : name
    const cached = checks.get(key)
    if (cached) return cached
    const def = shapes[name] as ShapeDef | undefined
    if (!def) throw new Error(`[@personalize-kit/emulator] unknown shape ${name}`)
    // Placeholder so recursive shapes resolve to the same checker.
    let impl: Check = () => {}
    const check: Check = (v, p, ptr, c, s) => impl(v, p, ptr, c, s)
    checks.set(key, check)
    impl = build(def, member)
    return check
  }

  const build = (def: ShapeDef, member: MemberDef | undefined): Check => {
    switch (def.type) {
      case 'string': {
        const re = def.pattern ? compilePattern(def.pattern) : undefined
        const { min, max, pattern } = def
        const json = def.mediaType === 'application/json'
        // Lower-cased once here: the check runs for every event's properties.
        const reserved = member?.reservedKeys && {
          keys: member.reservedKeys,
          lower: new Set(member.reservedKeys.map((k) => k.toLowerCase())),
        }
        return (v, path, pointer, ctx, sensitive) => {
          if (typeof v !== 'string') {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected a string at '${path}', got ${describe(v)}`,
            })
            return
          }
          const sens = sensitive || def.sensitive === true
          // Code points lie between length/2 and length, so only borderline strings need counting.
          const len =
            (max !== undefined && v.length > max) || (min !== undefined && v.length < 2 * min)
              ? codePointLength(v)
              : v.length
          let lengthOk = true
          if ((min !== undefined && len < min) || (max !== undefined && len > max)) {
            lengthOk = false
            ctx.constraints.push({
              path,
              pointer,
              message: `${valuePrefix(v, sens)} at '${path}' failed to satisfy constraint: ${lengthMessage(min, max, len, 'length')}`,
            })
          }
          if (re && lengthOk && !re.test(v)) {
            ctx.constraints.push({
              path,
              pointer,
              message: `${valuePrefix(v, sens)} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
            })
          }
          if (json && lengthOk) checkProperties(v, reserved, path, pointer, ctx)
        }
      }
      case 'timestamp':
        return (v, path, pointer, ctx) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected epoch seconds (a JSON number) at '${path}', got ${typeof v === 'string' ? `the string '${v.slice(0, 40)}'` : describe(v)}`,
            })
          }
        }
      case 'float':
      case 'double':
        return (v, path, pointer, ctx) => {
          if (typeof v === 'number' || (typeof v === 'string' && NON_NUMERIC_FLOATS.has(v))) return
          ctx.serialization.push({
            path,
            pointer,
            message: `Expected a number at '${path}', got ${describe(v)}`,
          })
        }
      case 'integer':
      case 'long': {
        const { min, max } = def
        return (v, path, pointer, ctx) => {
          if (typeof v !== 'number' || !Number.isInteger(v)) {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected an integer at '${path}', got ${describe(v)}`,
            })
            return
          }
          if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
            ctx.constraints.push({
              path,
              pointer,
              message: `Value '${v}' at '${path}' failed to satisfy constraint: ${lengthMessage(min, max, v, 'value')}`,
            })
          }
        }
      }
      case 'map': {
        const key = compile(def.key as string)
        const value = compile(def.value as string)
        const { min, max } = def
        return (v, path, pointer, ctx, sensitive) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected a map at '${path}', got ${describe(v)}`,
            })
            return
          }
          const entries = Object.entries(v as Record<string, unknown>)
          if ((min !== undefined && entries.length < min) || (max !== undefined && entries.length > max)) {
            ctx.constraints.push({
              path,
              pointer,
              message: `Value at '${path}' failed to satisfy constraint: ${lengthMessage(min, max, entries.length, 'length')} (got ${entries.length} entries)`,
            })
          }
          for (const [k, el] of entries) {
            const ptr = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`
            key(k, `${path}.key`, ptr, ctx, sensitive)
            if (el === null) {
              ctx.serialization.push({
                path: `${path}.${k}`,
                pointer: ptr,
                message: `Unexpected null in the map at '${path}'`,
              })
              continue
            }
            value(el, `${path}.${k}`, ptr, ctx, sensitive)
          }
        }
      }
      case 'boolean':
        return (v, path, pointer, ctx) => {
          if (typeof v !== 'boolean') {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected a boolean at '${path}', got ${describe(v)}`,
            })
          }
        }
      case 'list': {
        const item = compile(def.member as string)
        const { min, max } = def
        return (v, path, pointer, ctx, sensitive) => {
          if (!Array.isArray(v)) {
            ctx.serialization.push({
              path,
              pointer,
              message: `Expected a list at '${path}', got ${describe(v)}`,
            })
            return
          }
          if ((min !== undefined && v.length < min) || (max !== undefined && v.length > max)) {
            ctx.constraints.push({
              path,
              pointer,
              message: `Value at '${path}' failed to satisfy constraint: ${lengthMessage(min, max, v.length, 'length')} (got ${v.length} elements)`,
            })
          }
          for (let i = 0; i < v.length; i++) {
            const el = v[i]
            const p = `${path}.${i + 1}.member`
            const ptr = `${pointer}/${i}`
            if (el === null) {
              ctx.serialization.push({
                path: p,
                pointer: ptr,
                message: `Unexpected null in the list at '${path}'`,
              })
              continue
            }
            item(el, p, ptr, ctx, sensitive)
          }
        }
      }
      case 'structure': {
        const members = Object.entries(def.members ?? {}).map(([name, m]) => ({
          name,
          required: m.required === true,
          check: compile(m.target, m),
        }))
        return (v, path, pointer, ctx, sensitive) => {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) {
            ctx.serialization.push({
              path: path || '(body)',
              pointer,
              message: `Expected an object at '${path || '(body)'}', got ${describe(v)}`,
            })
            return
          }
          const sens = sensitive || def.sensitive === true
          const obj = v as Record<string, unknown>
          for (const m of members) {
            const mv = obj[m.name]
            const p = path ? `${path}.${m.name}` : m.name
            // restJson1: an explicit null is the same as an absent member.
            if (mv === undefined || mv === null) {
              if (m.required) {
                ctx.constraints.push({
                  path: p,
                  pointer: `${pointer}/${m.name}`,
                  message: `Value null at '${p}' failed to satisfy constraint: Member must not be null`,
                })
              }
              continue
            }
            m.check(mv, p, `${pointer}/${m.name}`, ctx, sens)
          }
        }
      }
    }
  }

  for (const name of Object.keys(shapes)) compile(name)

  return (shapeName, value) => {
    const ctx: Ctx = { serialization: [], constraints: [] }
    const check = checks.get(shapeName)
    if (!check) throw new Error(`[@personalize-kit/emulator] unknown shape ${shapeName}`)
    check(value, '', '', ctx, false)
    return ctx
  }
}

/** Renders violations the way AWS (Coral) services do: "2 validation errors detected: …; …". */
export function formatViolations(violations: readonly Violation[]): string {
  const n = violations.length
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.map((v) => v.message).join('; ')}`
}
