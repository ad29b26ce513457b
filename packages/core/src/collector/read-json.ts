import type { CollectorInput } from './collector-input'
import type { CollectorErrorCode } from './responses'
import { checkParsedJson, parseJsonSafely } from './safe-json'

/** @internal The JSON body, or the error to answer with. */
export type ReadJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; code: CollectorErrorCode; message: string }

/**
 * @internal
 * The JSON body of a collector request: the value a body parser produced, or the text read with a cap. Both
 * roads end in the same checks, so a body is judged alike whichever way it came.
 */
export async function readJson(
  input: CollectorInput,
  maxBodyBytes: number,
  bodyTimeoutMs: number,
): Promise<ReadJsonResult> {
  const attached = input.parsedBody
  if (attached) {
    // The bytes were read by someone else: their declared length is what the cap applies to.
    const declared = attached.declaredBytes ?? Number(input.headers.get('content-length') ?? Number.NaN)
    if (Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge(maxBodyBytes)
    const checked = checkParsedJson(attached.value)
    return checked.ok ? checked : { ok: false, status: 400, code: 'INVALID_JSON', message: checked.message }
  }
  const body = input.readBody
    ? await input.readBody(maxBodyBytes, bodyTimeoutMs)
    : { ok: true as const, text: '' }
  if (!body.ok) {
    if (body.reason === 'too-large') return tooLarge(maxBodyBytes)
    if (body.reason === 'timeout') {
      return {
        ok: false,
        status: 408,
        code: 'BODY_TIMEOUT',
        message: 'request body was not received in time',
      }
    }
    const message =
      body.reason === 'invalid-utf8' ? 'request body is not valid UTF-8' : 'request body could not be read'
    return { ok: false, status: 400, code: 'INVALID_BODY', message }
  }
  const parsed = parseJsonSafely(body.text)
  return parsed.ok ? parsed : { ok: false, status: 400, code: 'INVALID_JSON', message: parsed.message }
}

function tooLarge(maxBodyBytes: number): ReadJsonResult {
  return {
    ok: false,
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: `request body exceeds maxBodyBytes (${maxBodyBytes} bytes)`,
  }
}
