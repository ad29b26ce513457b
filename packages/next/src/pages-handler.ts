import type { IncomingMessage, ServerResponse } from 'node:http'
import { toWebRequest, writeWebResponse } from '@personalize-kit/core/node'
import { platformWaitUntil } from './after-response'
import { createPersonalize, type Personalize, type PersonalizeOptions } from './create-personalize'
import { defaultInstance } from './default-instance'

/**
 * The Node request of a Pages Router API route (`NextApiRequest` fits); `body` is what Next's body parser read,
 * if it ran.
 *
 * @example
 * ```ts
 * const handler: (req: PagesApiRequest, res: ServerResponse) => Promise<void> = createPagesHandler()
 * ```
 */
export type PagesApiRequest = IncomingMessage & { body?: unknown }

/**
 * Creates a Pages Router API route serving the collector. Pass an instance from `createPersonalize()` or its
 * options; with neither it serves the app's default instance (or one configured from the environment).
 *
 * The Pages Router has no `after()`, so delivery starts once the response is written: handed to the platform's
 * `waitUntil` on serverless hosts, otherwise awaited before the handler resolves (the client already has its
 * answer by then).
 *
 * @example
 * ```ts title="pages/api/personalize/events.ts"
 * import { createPagesHandler } from '@personalize-kit/next/pages'
 *
 * export default createPagesHandler({ getUserId: (request) => request.headers.get('x-user-id') })
 * // Let the collector stream and cap the raw body itself.
 * export const config = { api: { bodyParser: false } }
 * ```
 */
export function createPagesHandler(
  source?: Personalize | PersonalizeOptions,
): (req: PagesApiRequest, res: ServerResponse) => Promise<void> {
  const configured = source && 'handlers' in source ? source : source ? createPersonalize(source) : undefined
  return async (req, res) => {
    const personalize = configured ?? defaultInstance()
    const request = toWebRequest(req, res, { parsedBody: req.body })
    const response = await personalize.handlers.POST(request)
    await writeWebResponse(response, res)
    if (response.status !== 202) return
    const delivered = personalize.dispatcher.flush()
    const waitUntil = platformWaitUntil()
    if (waitUntil) waitUntil(delivered)
    else await delivered
  }
}
