/**
 * @internal
 * `application/json` (and `+json` types) is what `fetch` and `sendBeacon` with a JSON `Blob` send.
 * `text/plain` is what `sendBeacon(url, string)` sends, and the only type a cross-origin beacon can carry
 * without a preflight; the origin check, not the content type, is what keeps other sites out.
 * A charset other than UTF-8 is refused because the body is decoded as UTF-8.
 */
export function isAcceptedContentType(header: string | null): boolean {
  if (!header) return false
  const [rawType = '', ...params] = header.split(';')
  const type = rawType.trim().toLowerCase()
  const jsonLike = type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))
  if (!jsonLike && type !== 'text/plain') return false
  for (const param of params) {
    const [name = '', value = ''] = param.split('=')
    if (name.trim().toLowerCase() !== 'charset') continue
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase()
    if (charset !== 'utf-8' && charset !== 'utf8') return false
  }
  return true
}
