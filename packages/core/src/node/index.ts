/**
 * The Node <-> Web conversion, written once: turn a Node `IncomingMessage` into a Web `Request` for
 * `createCollector` (or any `(Request) => Promise<Response>` handler) and write the `Response` back. Used by
 * `@personalize-kit/express` and by the Next.js Pages Router handler.
 *
 * @example
 * ```ts title="server.ts"
 * import { toWebRequest, writeWebResponse } from '@personalize-kit/core/node'
 *
 * const response = await collector(toWebRequest(req, res, { maxBodyBytes: 65_536, parsedBody: req.body }))
 * await writeWebResponse(response, res)
 * ```
 *
 * @module @personalize-kit/core/node
 */
export { PayloadTooLargeError } from './payload-too-large-error'
export { type ToCollectorInputOptions, toCollectorInput } from './to-collector-input'
export { type ToWebRequestOptions, toWebRequest } from './to-web-request'
export { writeCollectorAnswer } from './write-collector-answer'
export { writeWebResponse } from './write-web-response'
