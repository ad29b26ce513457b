import type { IncomingHttpHeaders } from 'node:http'

/**
 * Why a service-route call looks like it came from a web page, or undefined. SDKs never send `Origin` or
 * `Sec-Fetch-Site`; a browser always does, even for `fetch(url, { mode: 'no-cors', body: blob })`, which needs no
 * preflight and so would let any open page write records. `Sec-Fetch-Site: none` is a user typing the URL.
 * @internal
 */
export function browserRefusal(headers: IncomingHttpHeaders): string | undefined {
  const origin = headers.origin
  if (origin !== undefined) {
    return `Refused: the request carries an Origin header (${String(origin).slice(0, 100)}), so it comes from a browser page; the emulator's service routes serve AWS SDKs only`
  }
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'none') {
    return `Refused: the request carries Sec-Fetch-Site: ${String(site).slice(0, 40)}, so it comes from a browser page; the emulator's service routes serve AWS SDKs only`
  }
  return undefined
}
