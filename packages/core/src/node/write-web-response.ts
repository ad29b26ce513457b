import type { ServerResponse } from 'node:http'

/**
 * Writes a Web `Response` to a Node `ServerResponse`: status, headers (every `Set-Cookie` separately, added to
 * any the app already set), then the body streamed with backpressure. Resolves when the response is ended (or
 * the client is gone); never rejects for a disconnected client.
 *
 * @example
 * ```ts title="pages/api/personalize/events.ts"
 * import { toWebRequest, writeWebResponse } from '@personalize-kit/core/node'
 *
 * export default async function handler(req, res) {
 *   await writeWebResponse(await collector(toWebRequest(req, res, { parsedBody: req.body })), res)
 * }
 * ```
 */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  if (!res.headersSent) {
    // Answered before the upload was fully received (over the size cap, too slow, refused early): the rest of
    // the body is never read, so this connection cannot carry another request. Close it after the answer rather
    // than leave a keep-alive client (or proxy) waiting on it until the server's keep-alive timeout.
    const req = (res as ServerResponse & { req?: { complete?: boolean } }).req
    if (req?.complete === false) res.setHeader('connection', 'close')
    res.statusCode = response.status
    if (response.statusText) res.statusMessage = response.statusText
    for (const [name, value] of response.headers) {
      if (name === 'set-cookie') continue
      res.setHeader(name, value)
    }
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) res.appendHeader('set-cookie', cookies)
  }
  const body = response.body
  const length = Number(response.headers.get('content-length') ?? Number.NaN)
  if (body && length <= SINGLE_WRITE_MAX_BYTES) {
    // A small body of known length (every collector answer): one read, one write, no chunk loop.
    try {
      const bytes = new Uint8Array(await response.arrayBuffer())
      if (!res.destroyed) res.end(bytes)
      else res.end()
    } catch {
      res.end()
    }
    return
  }
  if (!body) {
    res.end()
    return
  }
  const reader = body.getReader()
  try {
    for (;;) {
      if (res.destroyed) {
        await reader.cancel()
        return
      }
      const { done, value } = await reader.read()
      if (done) break
      if (!res.write(value)) await drained(res)
    }
  } catch {
    // A body stream that fails mid-way cannot change the status any more; end what we have.
  } finally {
    res.end()
  }
}

const SINGLE_WRITE_MAX_BYTES = 65_536

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
