import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { clientAddressOf } from '../collector/client-address'
import { PersonalizeKitError } from '../errors'
import { PayloadTooLargeError } from './payload-too-large-error'
import { toWebRequest } from './to-web-request'
import { writeWebResponse } from './write-web-response'

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>
const servers: Array<ReturnType<typeof createServer>> = []

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      res.statusCode = 599
      res.end(String(error))
    })
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** Sends raw headers (repeated ones included), which fetch cannot do. */
function rawPost(
  url: string,
  headers: Record<string, string | string[]>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => {
        text += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('toWebRequest', () => {
  it('builds the absolute URL, copies repeated headers and streams the body', async () => {
    const url = await serve(async (req, res) => {
      const request = toWebRequest(req, res)
      res.end(
        JSON.stringify({
          url: request.url,
          method: request.method,
          multi: request.headers.get('x-multi'),
          cookies: request.headers.getSetCookie(),
          body: await request.text(),
        }),
      )
    })
    const { text } = await rawPost(
      `${url}/a/b?c=1`,
      { 'x-multi': ['one', 'two'], 'set-cookie': ['a=1', 'b=2'], 'content-type': 'text/plain' },
      'hello',
    )
    expect(JSON.parse(text)).toEqual({
      url: `${url}/a/b?c=1`,
      method: 'POST',
      multi: 'one, two',
      cookies: ['a=1', 'b=2'],
      body: 'hello',
    })
  })

  it('reuses a body a parser already consumed instead of reading the stream again', async () => {
    const url = await serve(async (req, res) => {
      let raw = ''
      for await (const chunk of req) raw += chunk
      const request = toWebRequest(req, res, { parsedBody: JSON.parse(raw) })
      res.end(JSON.stringify({ body: await request.json(), length: request.headers.get('content-length') }))
    })
    const response = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ events: [{ eventType: 'x' }] }),
    })
    expect(await response.json()).toEqual({ body: { events: [{ eventType: 'x' }] }, length: null })
  })

  it('ignores parsedBody while the stream is still unread (a parser skipped this content type)', async () => {
    const url = await serve(async (req, res) => {
      const request = toWebRequest(req, res, { parsedBody: {} })
      res.end(await request.text())
    })
    const response = await fetch(url, { method: 'POST', body: 'raw text' })
    expect(await response.text()).toBe('raw text')
  })

  it('errors the streamed body with a PayloadTooLargeError (a PersonalizeKitError) past maxBodyBytes', async () => {
    const url = await serve(async (req, res) => {
      const request = toWebRequest(req, res, { maxBodyBytes: 1000 })
      const outcome = await request.arrayBuffer().then(
        () => 'read',
        (thrown: Error) => {
          const error = thrown instanceof PayloadTooLargeError ? thrown : thrown.cause
          if (!(error instanceof PayloadTooLargeError)) return `other: ${String(thrown)}`
          return `${error instanceof PersonalizeKitError} ${error.code} ${error.maxBodyBytes}`
        },
      )
      res.end(outcome)
    })
    const response = await fetch(url, { method: 'POST', body: 'x'.repeat(5000) })
    expect(await response.text()).toBe('true PERSONALIZE_PAYLOAD_TOO_LARGE 1000')
    const small = await fetch(url, { method: 'POST', body: 'x'.repeat(1000) })
    expect(await small.text()).toBe('read')
  })

  it('attaches the socket address (never X-Forwarded-For) or the one the adapter gives', async () => {
    const url = await serve(async (req, res) => {
      const plain = clientAddressOf(toWebRequest(req, res, { trustProxy: true }))
      const given = clientAddressOf(toWebRequest(req, res, { clientAddress: '203.0.113.9' }))
      res.end(`${plain} ${given}`)
    })
    const response = await fetch(url, { headers: { 'x-forwarded-for': '198.51.100.1' } })
    expect(await response.text()).toBe('127.0.0.1 203.0.113.9')
  })

  it('uses X-Forwarded-Proto only when the proxy is trusted', async () => {
    const url = await serve(async (req, res) => {
      res.end(`${toWebRequest(req, res).url} ${toWebRequest(req, res, { trustProxy: true }).url}`)
    })
    const response = await fetch(`${url}/p`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'shop.example' },
    })
    expect(await response.text()).toBe(`${url}/p https://shop.example/p`)
  })

  it('aborts the request signal when the client disconnects', async () => {
    let aborted: Promise<boolean> | undefined
    const url = await serve(async (req, res) => {
      const request = toWebRequest(req, res)
      aborted = new Promise((resolve) => request.signal.addEventListener('abort', () => resolve(true)))
    })
    const controller = new AbortController()
    const pending = fetch(url, { signal: controller.signal }).catch(() => 'aborted')
    while (!aborted) await new Promise((r) => setTimeout(r, 5))
    controller.abort()
    expect(await pending).toBe('aborted')
    expect(await aborted).toBe(true)
  })
})

describe('writeWebResponse', () => {
  it('writes status, headers, every Set-Cookie (keeping ones already set) and the body', async () => {
    const url = await serve(async (_req, res) => {
      res.setHeader('set-cookie', ['app=1; Path=/'])
      const headers = new Headers({ 'content-type': 'application/json', 'x-a': 'b' })
      headers.append('set-cookie', 'pk_sid=abc; Path=/; HttpOnly')
      headers.append('set-cookie', 'other=2; Path=/')
      await writeWebResponse(new Response(JSON.stringify({ ok: true }), { status: 202, headers }), res)
    })
    const response = await fetch(url)
    expect(response.status).toBe(202)
    expect(response.headers.get('x-a')).toBe('b')
    expect(response.headers.getSetCookie()).toEqual([
      'app=1; Path=/',
      'pk_sid=abc; Path=/; HttpOnly',
      'other=2; Path=/',
    ])
    expect(await response.json()).toEqual({ ok: true })
  })

  it('streams a large body through backpressure intact', async () => {
    const chunk = 'y'.repeat(64 * 1024)
    const url = await serve(async (_req, res) => {
      let n = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (n++ === 64) controller.close()
          else controller.enqueue(new TextEncoder().encode(chunk))
        },
      })
      await writeWebResponse(new Response(body), res)
    })
    const text = await (await fetch(url)).text()
    expect(text.length).toBe(64 * chunk.length)
  })

  it('ends an empty response', async () => {
    const url = await serve(async (_req, res) => writeWebResponse(new Response(null, { status: 204 }), res))
    const response = await fetch(url)
    expect(response.status).toBe(204)
  })
})
