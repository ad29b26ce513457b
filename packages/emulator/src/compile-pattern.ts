import { setFlagsFromString } from 'node:v8'

/**
 * Compiles a Smithy `@pattern` once, preferring V8's linear-time engine.
 *
 * TRICKY: the model's EventAttributionSource pattern `^[\x20-\x7E]*[\x21-\x7E]+[\x20-\x7E]*$` backtracks
 * cubically in irregexp (about 200 ms for 1,024 characters): a request could stall the emulator. Smithy specifies
 * RE2 semantics, so we ask V8 for its non-backtracking engine (`l` flag, enabled by a harmless V8 flag). Patterns it
 * cannot run fall back to the backtracking engine; callers also check lengths first so inputs stay bounded.
 * Smithy patterns are not implicitly anchored, which matches `RegExp#test`.
 * @internal
 */
export function compilePattern(pattern: string): RegExp {
  try {
    setFlagsFromString('--enable-experimental-regexp-engine')
    return new RegExp(pattern, 'l')
  } catch {
    return new RegExp(pattern, 'u')
  }
}
