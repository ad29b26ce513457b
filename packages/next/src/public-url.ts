const HOST_PATTERN = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

function firstValue(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined
}

/**
 * @internal
 * The origin the browser used, from the headers Next.js itself fills in (`x-forwarded-host`,
 * `x-forwarded-proto`, else `host`). `request.url` on `next start` names the server's own bind address
 * (`http://localhost:3000`) whatever the public host and scheme are, which would make the collector's same-origin
 * check refuse same-origin posts from browsers without `Sec-Fetch-Site` and never mark the cookie `Secure` behind
 * an HTTPS proxy. Next's own Server Action origin check reads the same headers.
 */
export function publicOrigin(headers: Headers, fallbackUrl: string): string {
  const fallback = new URL(fallbackUrl)
  const host = firstValue(headers.get('x-forwarded-host')) ?? firstValue(headers.get('host'))
  const proto = firstValue(headers.get('x-forwarded-proto')) ?? fallback.protocol.slice(0, -1)
  if (!host || !HOST_PATTERN.test(host) || (proto !== 'http' && proto !== 'https')) return fallback.origin
  return `${proto}://${host}`
}

/**
 * @internal
 * `request.url` at {@link publicOrigin}: what the collector's same-origin check and cookie flags must see. Only the
 * URL string is built; the collector reads the request itself (see `collector.serveRequest`).
 */
export function publicUrl(request: Request): string {
  const origin = publicOrigin(request.headers, request.url)
  const url = new URL(request.url)
  return origin === url.origin ? request.url : `${origin}${url.pathname}${url.search}`
}
