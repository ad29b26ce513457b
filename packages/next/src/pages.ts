/**
 * The collector for apps still on the Pages Router, built on `@personalize-kit/core/node`'s Node <-> Web
 * conversion.
 *
 * ```ts title="pages/api/personalize/events.ts"
 * import { createPagesHandler } from '@personalize-kit/next/pages'
 *
 * export default createPagesHandler()
 * export const config = { api: { bodyParser: false } }
 * ```
 *
 * @module @personalize-kit/next/pages
 */
export { createPagesHandler, type PagesApiRequest } from './pages-handler'
