import type { IncomingMessage, ServerResponse } from 'node:http'
import { toWebRequest, writeWebResponse } from '@personalize-kit/core/node'
import { platformWaitUntil } from './after-response'
import { createPersonalize, type Personalize, type PersonalizeOptions } from './create-personalize'
import { defaultInstance } from './default-instance'
import { PAGES_POST } from './pages-collector'

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
 * The Pages Router has no `after()`: on serverless hosts delivery is handed to the platform's `waitUntil` once
 * the response is written; on a long-lived server (`next start`) the dispatcher's interval flush delivers,
 * batching across requests. The handler never calls `next/headers`: a `getUserId` that does (written for the App
 * Router) is told so in a warning, and those events are recorded without a user.
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
    const internal = personalize as Personalize & { [PAGES_POST]?: (request: Request) => Promise<Response> }
    const response = await (internal[PAGES_POST] ?? personalize.handlers.POST)(request)
    await writeWebResponse(response, res)
    if (response.status !== 202) return
    platformWaitUntil()?.(personalize.dispatcher.flush())
  }
}
