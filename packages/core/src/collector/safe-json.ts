/**
 * @internal
 * `JSON.parse` that refuses `__proto__` keys. `JSON.parse` itself only creates an own property, but any later
 * spread or deep merge by app code (e.g. in `transformEvent`) could turn it into prototype pollution, so such a
 * body is rejected outright.
 */
export function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
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
