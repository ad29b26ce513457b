import { setLongTimeout } from '../dispatcher/long-timeout'
import type { RawBodyResult } from './collector-input'

/** @internal Outcome of {@link readBodyCapped}. */
export type ReadBodyResult = RawBodyResult

/**
 * @internal
 * Reads at most `maxBytes` of the body, cancelling the stream as soon as it grows past the cap (or the deadline
 * passes) so an oversized or slow upload is never buffered whole.
 */
export async function readBodyCapped(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<ReadBodyResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'too-large' }
  if (!request.body) return { ok: true, text: '' }

  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let cancelTimer = () => {}
  // Infinity waits without a deadline; a deadline past Node's timer range is not clamped to 1 ms.
  const deadline = new Promise<'timeout'>((resolve) => {
    cancelTimer = setLongTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline])
      if (next === 'timeout') {
        void reader.cancel().catch(() => {})
        return { ok: false, reason: 'timeout' }
      }
      if (next.done) break
      size += next.value.byteLength
      if (size > maxBytes) {
        void reader.cancel().catch(() => {})
        return { ok: false, reason: 'too-large' }
      }
      chunks.push(next.value)
    }
  } catch (error) {
    // The Node conversion signals its own cap this way; anything else is a client that went away.
    if ((error as { code?: unknown })?.code === 'PERSONALIZE_PAYLOAD_TOO_LARGE')
      return { ok: false, reason: 'too-large' }
    return { ok: false, reason: 'aborted' }
  } finally {
    cancelTimer()
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return { ok: false, reason: 'invalid-utf8' }
  }
}
