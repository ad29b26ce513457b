/** @internal Outcome of {@link checkOrigin}: whether to serve, and the origin to echo in CORS headers. */
export type OriginDecision = { allowed: true; corsOrigin?: string } | { allowed: false; origin: string }

/**
 * @internal
 * Browsers always attach `Origin` to cross-site POSTs and `Sec-Fetch-Site` to every request, and pages cannot
 * forge either, so these two headers are what stop another site from posting events in a visitor's name.
 * A request carrying neither is not from a modern browser page; such clients can set any header they like,
 * so refusing them would add no protection.
 */
export function checkOrigin(
  request: { readonly url: string; headers: { get(name: string): string | null } },
  allowedOrigins: readonly string[],
): OriginDecision {
  const origin = request.headers.get('origin')
  const fetchSite = request.headers.get('sec-fetch-site')
  if (origin !== null && origin !== 'null') {
    if (allowedOrigins.includes(origin)) {
      return sameOrigin(origin, request.url) ? { allowed: true } : { allowed: true, corsOrigin: origin }
    }
    // Sec-Fetch-Site is computed by the browser itself, so it stays right behind proxies that rewrite the
    // scheme or host the server sees.
    if (sameOrigin(origin, request.url) || fetchSite === 'same-origin') return { allowed: true }
    return { allowed: false, origin }
  }
  if (origin === 'null') return { allowed: false, origin: 'null' }
  if (fetchSite === 'cross-site' || fetchSite === 'same-site')
    return { allowed: false, origin: `(${fetchSite})` }
  return { allowed: true }
}

function sameOrigin(origin: string, url: string): boolean {
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}
