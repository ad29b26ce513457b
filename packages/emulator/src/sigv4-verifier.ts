import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { SignatureVerdict } from './types'

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})\s*$/
const AMZ_DATE_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
const MAX_SKEW_MS = 5 * 60 * 1000

/** Everything the verifier needs from one request; `body` is the exact received bytes. @internal */
export interface SignedRequest {
  method: string
  /** Path and query as received (the request target). */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The canonical URI the AWS SDKs sign: dot segments removed, each segment URI-encoded again. */
function canonicalPath(path: string): string {
  const segments: string[] = []
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') segments.pop()
    else segments.push(seg)
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`
  return escapeUri(normalized).replace(/%2F/g, '/')
}

function canonicalQuery(query: string): string {
  if (!query) return ''
  const pairs: [string, string][] = []
  for (const part of query.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq))
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))
    if (k.toLowerCase() === 'x-amz-signature') continue
    pairs.push([escapeUri(k), escapeUri(v)])
  }
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  if (v === undefined) return undefined
  return (Array.isArray(v) ? v.join(',') : v).trim().replace(/\s+/g, ' ')
}

function parseAmzDate(s: string): number | undefined {
  const m = AMZ_DATE_RE.exec(s)
  if (!m) return undefined
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

/**
 * Verifies AWS Signature Version 4 like the service does: recompute from the signed headers and the SHA-256 of the
 * raw body (never trusting `x-amz-content-sha256`), then compare in constant time.
 * @internal
 */
export function createSigV4Verifier(options: {
  credentials: Record<string, string>
  service: string
  region?: string
  now?: () => number
}) {
  const now = options.now ?? Date.now
  const keyCache = new Map<string, Buffer>()

  const signingKey = (secret: string, date: string, region: string, service: string): Buffer => {
    const cacheKey = `${secret}\u0000${date}\u0000${region}\u0000${service}`
    let key = keyCache.get(cacheKey)
    if (!key) {
      const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest()
      const kRegion = createHmac('sha256', kDate).update(region).digest()
      const kService = createHmac('sha256', kRegion).update(service).digest()
      key = createHmac('sha256', kService).update('aws4_request').digest()
      if (keyCache.size > 256) keyCache.clear()
      keyCache.set(cacheKey, key)
    }
    return key
  }

  return (req: SignedRequest): SignatureVerdict => {
    const auth = headerValue(req.headers, 'authorization')
    if (!auth) return { status: 'missing', message: 'Missing Authentication Token' }
    const m = AUTH_RE.exec(auth)
    if (!m) {
      return {
        status: 'malformed',
        message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters in AWS4-HMAC-SHA256 format.`,
      }
    }
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m as unknown as string[]
    const verdict = { accessKeyId, region } as SignatureVerdict
    const secret = options.credentials[accessKeyId as string]
    if (secret === undefined) {
      return {
        ...verdict,
        status: 'unknown-key',
        message: 'The security token included in the request is invalid.',
      }
    }
    if (service !== options.service) {
      return {
        ...verdict,
        status: 'wrong-scope',
        message: `Credential should be scoped to correct service: '${options.service}'.`,
      }
    }
    if (options.region && region !== options.region) {
      return {
        ...verdict,
        status: 'wrong-scope',
        message: `Credential should be scoped to a valid region, not '${region}'.`,
      }
    }
    const amzDate = headerValue(req.headers, 'x-amz-date')
    const signedAt = amzDate ? parseAmzDate(amzDate) : undefined
    if (!amzDate || signedAt === undefined) {
      return {
        ...verdict,
        status: 'malformed',
        message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`,
      }
    }
    if (amzDate.slice(0, 8) !== scopeDate) {
      return {
        ...verdict,
        status: 'wrong-scope',
        message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}'`,
      }
    }
    const t = now()
    if (Math.abs(t - signedAt) > MAX_SKEW_MS) {
      const bound = signedAt < t ? formatAmzDate(t - MAX_SKEW_MS) : formatAmzDate(t + MAX_SKEW_MS)
      return {
        ...verdict,
        status: 'expired',
        message: `Signature expired: ${amzDate} is now ${signedAt < t ? 'earlier' : 'later'} than ${bound} (${formatAmzDate(t)} ${signedAt < t ? '-' : '+'} 5 min.)`,
      }
    }
    const signedHeaders = (signedHeaderList as string).split(';')
    if (!signedHeaders.includes('host')) {
      return {
        ...verdict,
        status: 'malformed',
        message: `'Host' must be a 'SignedHeader' in the AWS Authorization.`,
      }
    }
    const bodyHash = hex(req.body)
    const declared = headerValue(req.headers, 'x-amz-content-sha256')
    // Only S3 lets a client leave the body out of the signature; Personalize signs it, so any body would pass.
    if (declared === 'UNSIGNED-PAYLOAD') {
      return {
        ...verdict,
        status: 'mismatch',
        message: `x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted: Personalize requires the SHA-256 of the body in the signature.`,
      }
    }
    if (declared !== undefined && declared !== bodyHash) {
      return {
        ...verdict,
        status: 'mismatch',
        message: `The provided 'x-amz-content-sha256' header does not match what was computed.`,
      }
    }
    let canonicalHeaders = ''
    for (const h of signedHeaders) canonicalHeaders += `${h}:${headerValue(req.headers, h) ?? ''}\n`
    const q = req.url.indexOf('?')
    const canonicalRequest = [
      req.method,
      canonicalPath(q < 0 ? req.url : req.url.slice(0, q)),
      canonicalQuery(q < 0 ? '' : req.url.slice(q + 1)),
      canonicalHeaders,
      signedHeaderList,
      bodyHash,
    ].join('\n')
    const scope = `${scopeDate}/${region}/${service}/aws4_request`
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hex(canonicalRequest)}`
    const expected = createHmac(
      'sha256',
      signingKey(secret, scopeDate as string, region as string, service as string),
    )
      .update(stringToSign)
      .digest()
    if (!timingSafeEqual(expected, Buffer.from(signature as string, 'hex'))) {
      return {
        ...verdict,
        status: 'mismatch',
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      }
    }
    return { ...verdict, status: 'valid' }
  }
}

/** The AWS error code each failed verdict is answered with in strict mode. @internal */
export const SIGNATURE_ERROR_CODES: Record<
  Exclude<SignatureVerdict['status'], 'valid' | 'skipped'>,
  string
> = {
  missing: 'MissingAuthenticationTokenException',
  malformed: 'IncompleteSignatureException',
  'unknown-key': 'UnrecognizedClientException',
  mismatch: 'InvalidSignatureException',
  expired: 'InvalidSignatureException',
  'wrong-scope': 'InvalidSignatureException',
}
