/**
 * @internal
 * `JSON.parse` that refuses `__proto__` keys. `JSON.parse` itself only creates an own property, but any later
 * spread or deep merge by app code (e.g. in `transformEvent`) could turn it into prototype pollution, so such a
 * body is rejected outright.
 */
export function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    // A key can only decode to "__proto__" if the text spells it out or uses a \u escape (no other JSON escape
    // yields a letter or "_"). Without either, the plain parse is safe and several times faster than a reviver.
    if (!text.includes('__proto__') && !text.includes('\\u')) return { ok: true, value: JSON.parse(text) }
    const value: unknown = JSON.parse(text, function reviver(key, val) {
      if (key === '__proto__') throw new ForbiddenKeyError()
      return val
    })
    return { ok: true, value }
  } catch (error) {
    if (error instanceof ForbiddenKeyError) {
      return { ok: false, message: 'request body contains a "__proto__" key, which is not allowed' }
    }
    return { ok: false, message: `request body is not valid JSON (${(error as Error).message})` }
  }
}

class ForbiddenKeyError extends Error {}

const PROTO_MESSAGE = 'request body contains a "__proto__" key, which is not allowed'

/**
 * @internal
 * The checks of {@link parseJsonSafely} for a value a body parser already produced: refuses `__proto__` keys at
 * any depth. Anything that is not plain JSON data (dates, class instances, cycles, functions) takes the old road,
 * a JSON round trip, so the collector sees exactly what it would have parsed from the wire. Numbers, ±Infinity
 * included, are kept: a JSON parser produced them from the same bytes the raw path would parse.
 */
export function checkParsedJson(
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const stack: unknown[] = [value]
  const seen = new Set<object>()
  let plain = true
  while (stack.length > 0) {
    const current = stack.pop()
    // Numbers stay as they are, ±Infinity included: JSON.parse yields Infinity for `1e400`, and the raw path
    // judges exactly that value (a round trip would turn it into null and accept what the raw path refuses).
    if (current === null || typeof current !== 'object') {
      if (
        current !== null &&
        typeof current !== 'number' &&
        typeof current !== 'string' &&
        typeof current !== 'boolean'
      )
        plain = false
      continue
    }
    if (seen.has(current)) {
      plain = false
      break
    }
    seen.add(current)
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push(current[i])
      continue
    }
    const proto = Object.getPrototypeOf(current)
    if (proto !== Object.prototype && proto !== null) plain = false
    if (Object.hasOwn(current, '__proto__')) return { ok: false, message: PROTO_MESSAGE }
    for (const key in current) stack.push((current as Record<string, unknown>)[key])
  }
  if (plain) return { ok: true, value }
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (error) {
    return { ok: false, message: `request body is not valid JSON (${(error as Error).message})` }
  }
  return parseJsonSafely(text ?? '')
}
