import { parsedBodyOf } from './parsed-body'
import { readBodyCapped } from './read-body'
import { errorResponse } from './responses'
import { checkParsedJson, parseJsonSafely } from './safe-json'

/** @internal The JSON body, or the error answer to give (headers are the collector's CORS and cookie headers). */
export type ReadJsonResult =
  | { ok: true; value: unknown }
  | { ok: false; response: (headers: Headers) => Response }

/**
 * @internal
 * The JSON body of a collector request: the value a body parser attached with `withParsedBody`, or the text read
 * with a cap. Both roads end in the same checks, so a body is judged alike whichever way it came.
 */
export async function readJson(
  request: Request,
  maxBodyBytes: number,
  bodyTimeoutMs: number,
): Promise<ReadJsonResult> {
  const attached = parsedBodyOf(request)
  if (attached) {
    // The bytes were read by someone else: their declared length is what the cap applies to.
    const declared = attached.declaredBytes ?? Number(request.headers.get('content-length') ?? Number.NaN)
    if (Number.isFinite(declared) && declared > maxBodyBytes)
      return { ok: false, response: tooLarge(maxBodyBytes) }
    const checked = checkParsedJson(attached.value)
    if (!checked.ok)
      return { ok: false, response: (h) => errorResponse(400, 'INVALID_JSON', checked.message, h) }
    return checked
  }
  const body = await readBodyCapped(request, maxBodyBytes, bodyTimeoutMs)
  if (!body.ok) {
    if (body.reason === 'too-large') return { ok: false, response: tooLarge(maxBodyBytes) }
    if (body.reason === 'timeout') {
      return {
        ok: false,
        response: (h) => errorResponse(408, 'BODY_TIMEOUT', 'request body was not received in time', h),
      }
    }
    const message =
      body.reason === 'invalid-utf8' ? 'request body is not valid UTF-8' : 'request body could not be read'
    return { ok: false, response: (h) => errorResponse(400, 'INVALID_BODY', message, h) }
  }
  const parsed = parseJsonSafely(body.text)
  if (!parsed.ok) return { ok: false, response: (h) => errorResponse(400, 'INVALID_JSON', parsed.message, h) }
  return parsed
}

function tooLarge(maxBodyBytes: number): (headers: Headers) => Response {
  return (headers) =>
    errorResponse(
      413,
      'PAYLOAD_TOO_LARGE',
      `request body exceeds maxBodyBytes (${maxBodyBytes} bytes)`,
      headers,
    )
}
