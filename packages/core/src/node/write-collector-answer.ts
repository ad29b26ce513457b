import type { ServerResponse } from 'node:http'
import type { CollectorAnswer } from '../collector/collector-input'

/**
 * Writes `collector.serve(input)`'s answer to a Node `ServerResponse`: status, headers (every `Set-Cookie` added
 * to any the app already set) and the JSON body in one write.
 *
 * @example
 * ```ts
 * writeCollectorAnswer(await collector.serve(input), res)
 * ```
 */
export function writeCollectorAnswer(answer: CollectorAnswer, res: ServerResponse): void {
  if (res.headersSent || res.destroyed) {
    res.end()
    return
  }
  res.statusCode = answer.status
  for (const [name, value] of answer.headers) {
    // Appended, not set: the app may already have set cookies of its own on this response.
    if (name === 'set-cookie') res.appendHeader(name, value)
    else res.setHeader(name, value)
  }
  if (answer.body === undefined) {
    res.end()
    return
  }
  res.setHeader('content-length', Buffer.byteLength(answer.body))
  res.end(answer.body)
}
