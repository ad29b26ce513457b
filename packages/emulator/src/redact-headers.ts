import type { IncomingHttpHeaders } from 'node:http'

/** Copies request headers for the log with the signature and any session token redacted. @internal */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue
    const value = Array.isArray(v) ? v.join(', ') : v
    if (k === 'authorization') out[k] = value.replace(/Signature=[0-9a-fA-F]+/, 'Signature=<redacted>')
    else if (k === 'x-amz-security-token' || k === 'cookie') out[k] = '<redacted>'
    else out[k] = value
  }
  return out
}
