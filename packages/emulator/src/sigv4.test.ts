import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSigV4Verifier } from './sigv4-verifier'
import { startEmulator } from './start-emulator'
import type { Emulator, SignatureMode } from './types'

const running: Emulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()))
})

async function start(signature: SignatureMode) {
  const emulator = await startEmulator({ port: 0, signature, credentials: { AKIDEXAMPLE: 'right-secret' } })
  running.push(emulator)
  return emulator
}

function client(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  extra: { systemClockOffset?: number; region?: string } = {},
) {
  return new PersonalizeEventsClient({
    endpoint,
    region: extra.region ?? 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...extra,
  })
}

const put = (c: PersonalizeEventsClient) =>
  c.send(
    new PutEventsCommand({
      trackingId: 't',
      sessionId: 's',
      eventList: [{ eventType: 'click', sentAt: new Date() }],
    }),
  )
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata: { httpStatusCode: number } },
  )

const RIGHT = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'right-secret' }
const WRONG = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong-secret' }

describe('SigV4 in strict mode', () => {
  it('accepts the SDK signature with the configured key pair, with and without a session token', async () => {
    const emulator = await start('strict')
    await put(client(emulator.url, RIGHT))
    await put(client(emulator.url, { ...RIGHT, sessionToken: 'session-token' }))
    await put(client(`${emulator.url}/base/path`, RIGHT))
    expect(emulator.records()).toHaveLength(3)
    expect(emulator.requests().map((r) => r.signature?.status)).toEqual(['valid', 'valid', 'valid'])
    // The log never keeps the signature or the token.
    const headers = emulator.requests()[1]?.headers ?? {}
    expect(headers.authorization).toMatch(
      /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/personalize\/aws4_request.*Signature=<redacted>$/,
    )
    expect(headers['x-amz-security-token']).toBe('<redacted>')
  })

  it('rejects a wrong secret with 403 InvalidSignatureException', async () => {
    const emulator = await start('strict')
    const e = await rejection(put(client(emulator.url, WRONG)))
    expect(e?.name).toBe('InvalidSignatureException')
    expect(e?.$metadata.httpStatusCode).toBe(403)
    expect(e?.message).toMatch(/^The request signature we calculated does not match/)
    expect(emulator.records()).toEqual([])
  })

  it('rejects an unknown access key with UnrecognizedClientException', async () => {
    const emulator = await start('strict')
    const e = await rejection(put(client(emulator.url, { accessKeyId: 'NOPE', secretAccessKey: 'x' })))
    expect(e?.name).toBe('UnrecognizedClientException')
    expect(e?.message).toBe('The security token included in the request is invalid.')
  })

  it('rejects an unsigned request with MissingAuthenticationTokenException', async () => {
    const emulator = await start('strict')
    const res = await fetch(`${emulator.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackingId: 't', sessionId: 's', eventList: [{ eventType: 'a', sentAt: 1 }] }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    expect(emulator.records()).toEqual([])
  })

  it('rejects a body changed after signing, even when x-amz-content-sha256 is kept', async () => {
    const emulator = await start('strict')
    const c = client(emulator.url, RIGHT)
    type Middleware = Parameters<typeof c.middlewareStack.addRelativeTo>[0]
    const tamper = ((next: (args: unknown) => Promise<unknown>) =>
      async (args: { request: { body: string } }) => {
        args.request.body = args.request.body.replace('"click"', '"CLICK"')
        return next(args)
      }) as unknown as Middleware
    c.middlewareStack.addRelativeTo(tamper, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    })
    const e = await rejection(put(c))
    expect(e?.name).toBe('InvalidSignatureException')
    expect(e?.message).toBe("The provided 'x-amz-content-sha256' header does not match what was computed.")
  })

  it('refuses x-amz-content-sha256: UNSIGNED-PAYLOAD, so the body is always covered by the signature', async () => {
    const emulator = await start('strict')
    const c = client(emulator.url, RIGHT)
    type Middleware = Parameters<typeof c.middlewareStack.addRelativeTo>[0]
    // The signer signs the declared hash when the header is already set: a valid signature over no body at all.
    const unsigned = ((next: (args: unknown) => Promise<unknown>) =>
      async (args: { request: { headers: Record<string, string> } }) => {
        args.request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
        return next(args)
      }) as unknown as Middleware
    const tamper = ((next: (args: unknown) => Promise<unknown>) =>
      async (args: { request: { body: string } }) => {
        args.request.body = args.request.body.replace('"click"', '"fakes"')
        return next(args)
      }) as unknown as Middleware
    c.middlewareStack.addRelativeTo(unsigned, {
      relation: 'before',
      toMiddleware: 'httpSigningMiddleware',
      name: 'unsigned',
    })
    c.middlewareStack.addRelativeTo(tamper, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    })
    const e = await rejection(put(c))
    expect(e?.name).toBe('InvalidSignatureException')
    expect(e?.$metadata.httpStatusCode).toBe(403)
    expect(e?.message).toMatch(/UNSIGNED-PAYLOAD is not accepted/)
    expect(emulator.records()).toEqual([])
  })

  it('rejects a signature older than 5 minutes', async () => {
    const emulator = await start('strict')
    const e = await rejection(put(client(emulator.url, RIGHT, { systemClockOffset: -10 * 60 * 1000 })))
    expect(e?.name).toBe('InvalidSignatureException')
    expect(e?.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/)
  })
})

describe('SigV4 in warn and off modes', () => {
  it('warn (the default) serves every call but records the verdict', async () => {
    const emulator = await start('warn')
    await put(client(emulator.url, RIGHT))
    await put(client(emulator.url, WRONG))
    await fetch(`${emulator.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trackingId: 't', sessionId: 's', eventList: [{ eventType: 'a', sentAt: 1 }] }),
    })
    expect(emulator.records()).toHaveLength(3)
    expect(emulator.requests().map((r) => r.signature?.status)).toEqual(['valid', 'mismatch', 'missing'])
  })

  it('defaults to warn with test/test credentials', async () => {
    const emulator = await startEmulator({ port: 0 })
    running.push(emulator)
    await put(client(emulator.url, { accessKeyId: 'test', secretAccessKey: 'test' }))
    expect(emulator.requests()[0]?.signature?.status).toBe('valid')
  })

  it('warns once per kind, and about real-looking AWS keys, without printing secrets', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const emulator = await start('warn')
    await put(client(emulator.url, WRONG))
    await put(client(emulator.url, WRONG))
    await put(client(emulator.url, { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' }))
    const lines = warn.mock.calls.map((c) => String(c[0]))
    expect(lines.filter((l) => l.includes('SigV4 mismatch'))).toHaveLength(1)
    expect(
      lines.some((l) => l.startsWith('[@personalize-kit/emulator] a real-looking AWS access key (AKIA…)')),
    ).toBe(true)
    expect(lines.join('\n')).not.toContain('wJalrXUtnFEMI')
    expect(lines.join('\n')).not.toContain('IOSFODNN7')
  })

  it('off skips verification entirely', async () => {
    const emulator = await start('off')
    await put(client(emulator.url, WRONG))
    expect(emulator.records()).toHaveLength(1)
    expect(emulator.requests()[0]?.signature).toBeUndefined()
  })
})

describe('SigV4 verifier details', () => {
  const verify = createSigV4Verifier({
    credentials: { AK: 'SK' },
    service: 'personalize',
    region: 'eu-west-1',
  })
  const base = { method: 'POST', url: '/events', body: Buffer.from('{}') }
  const auth = (scope: string) =>
    `AWS4-HMAC-SHA256 Credential=AK/${scope}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const day = amzDate.slice(0, 8)

  it('requires the personalize signing name and the configured region', () => {
    const wrongService = verify({
      ...base,
      headers: {
        host: 'h',
        'x-amz-date': amzDate,
        authorization: auth(`${day}/eu-west-1/personalize-events`),
      },
    })
    expect(wrongService).toMatchObject({
      status: 'wrong-scope',
      message: "Credential should be scoped to correct service: 'personalize'.",
    })
    const wrongRegion = verify({
      ...base,
      headers: { host: 'h', 'x-amz-date': amzDate, authorization: auth(`${day}/us-east-1/personalize`) },
    })
    expect(wrongRegion).toMatchObject({
      status: 'wrong-scope',
      message: "Credential should be scoped to a valid region, not 'us-east-1'.",
    })
  })

  it('reports a malformed Authorization header', () => {
    expect(verify({ ...base, headers: { authorization: 'Bearer abc' } }).status).toBe('malformed')
  })
})
