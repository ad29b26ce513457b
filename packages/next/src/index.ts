/**
 * Server side of personalize-kit for Next.js (App Router, Node.js runtime): the collector's route handlers,
 * `recordEvent` for Server Components, Server Actions and route handlers, and `putItem` / `putUser`, all sharing
 * one dispatcher per process whose sends are handed to `after()`.
 *
 * ```sh
 * pnpm add @personalize-kit/next
 * ```
 *
 * ```ts title="lib/personalize.ts"
 * import { createPersonalize } from '@personalize-kit/next'
 *
 * export const { handlers, recordEvent, putItem, putUser } = createPersonalize({
 *   getUserId: async (request) => (await getSession(request.headers))?.userId,
 * })
 * ```
 *
 * ```ts title="app/api/personalize/events/route.ts"
 * import { handlers } from '@/lib/personalize'
 * export const { POST } = handlers
 * export const runtime = 'nodejs'
 * ```
 *
 * Browser hooks live in `@personalize-kit/next/client`; this entry is server-only (importing it from a Client
 * Component throws on load with a pointer to the client entry, so the AWS SDK never reaches the browser).
 *
 * @module @personalize-kit/next
 */

// One `declare module '@personalize-kit/next' { interface Register { events: … } }` types recordEvent and the hooks.
export type {
  EventTypeName,
  EventTypes,
  Register,
  RegisteredEvents,
  TypedEvent,
} from '@personalize-kit/core'
export {
  createPersonalize,
  type Personalize,
  type PersonalizeOptions,
  type ServerEventInput,
} from './create-personalize'
export type { RecommendInput } from './recommend'
