import type { IncomingMessage } from 'node:http'

/** Why an admin or inspector request is refused, with the status to answer. @internal */
export interface Refusal {
  status: 403 | 415
  message: string
}

/** `localhost`, `127.0.0.0/8` or `::1` (bracketed or not): names that can only reach this machine. @internal */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return (
    h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
  )
}

/** The hostname of a `Host` header value, without its port; IPv6 literals keep their brackets. */
function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']')
    return end === -1 ? hostHeader : hostHeader.slice(0, end + 1)
  }
  const colon = hostHeader.indexOf(':')
  return colon === -1 ? hostHeader : hostHeader.slice(0, colon)
}

/**
 * Refuses a request for the inspector page or the admin API whose `Host` is not a loopback name while the
 * emulator listens on loopback only. A DNS-rebinding page reaches 127.0.0.1 under its own hostname, so its
 * requests carry that name in `Host`; Personalize routes are never checked (SDKs send whatever hostname the
 * endpoint URL has).
 * @internal
 */
export function hostRefusal(req: IncomingMessage, loopbackOnly: boolean): Refusal | undefined {
  if (!loopbackOnly) return undefined
  const host = req.headers.host
  if (host && isLoopbackHost(hostnameOf(host))) return undefined
  return {
    status: 403,
    message: `Host ${host ? `'${host}'` : '(missing)'} is not a loopback name: the emulator's inspector and admin API answer only localhost, 127.0.0.1 or [::1]`,
  }
}

/**
 * Refuses admin requests a web page on another origin could make from the developer's browser: any
 * `Sec-Fetch-Site` of `cross-site`/`same-site`, an `Origin` other than the emulator's own, and POST/DELETE
 * without `content-type: application/json` (which a cross-site form or `text/plain` fetch cannot send without a
 * CORS preflight, and the emulator answers no preflight).
 * @internal
 */
export function adminRefusal(req: IncomingMessage, loopbackOnly: boolean): Refusal | undefined {
  const byHost = hostRefusal(req, loopbackOnly)
  if (byHost) return byHost
  const site = req.headers['sec-fetch-site']
  if (site === 'cross-site' || site === 'same-site') {
    return {
      status: 403,
      message: `Sec-Fetch-Site '${site}': the emulator's admin API answers only its own inspector page and non-browser clients`,
    }
  }
  const origin = req.headers.origin
  if (origin !== undefined && origin.toLowerCase() !== `http://${req.headers.host ?? ''}`.toLowerCase()) {
    return {
      status: 403,
      message: `Origin '${origin}' is not the emulator's own origin: the admin API answers only its own inspector page and non-browser clients`,
    }
  }
  const method = req.method ?? 'GET'
  if (method === 'POST' || method === 'DELETE') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/json') {
      return {
        status: 415,
        message: `${method} ${req.url ?? ''} requires content-type: application/json (got ${type ? `'${type}'` : 'none'})`,
      }
    }
  }
  return undefined
}
