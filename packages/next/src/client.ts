'use client'

/**
 * Browser side of personalize-kit for Next.js: the React provider and hooks of `@personalize-kit/react`, with
 * the collector endpoint defaulting to `/api/personalize/events` (where the route import serves it).
 *
 * ```tsx title="app/layout.tsx"
 * import { PersonalizeProvider } from '@personalize-kit/next/client'
 *
 * export default function RootLayout({ children }: { children: React.ReactNode }) {
 *   return (
 *     <html lang="en">
 *       <body>
 *         <PersonalizeProvider>{children}</PersonalizeProvider>
 *       </body>
 *     </html>
 *   )
 * }
 * ```
 *
 * @module @personalize-kit/next/client
 */
import { PersonalizeProvider as ReactPersonalizeProvider } from '@personalize-kit/react'
import { type ComponentProps, createElement, type ReactElement } from 'react'

/** Where the hooks send events unless told otherwise: the path `@personalize-kit/next/route` is mounted at. */
export const DEFAULT_ENDPOINT = '/api/personalize/events'

/**
 * Props of {@link PersonalizeProvider}: those of `@personalize-kit/react`'s provider, with `endpoint` optional.
 *
 * @example
 * ```tsx
 * const props: PersonalizeProviderProps = { flushIntervalMs: 500, children: null }
 * ```
 */
export type PersonalizeProviderProps = Omit<ComponentProps<typeof ReactPersonalizeProvider>, 'endpoint'> & {
  /** The collector URL. Default `/api/personalize/events`. */
  endpoint?: string
}

/**
 * Starts the browser tracker for the components below it (a Client Component, so it can wrap Server Component
 * children in the root layout). Nothing is sent during server rendering.
 *
 * @example
 * ```tsx title="app/layout.tsx"
 * <PersonalizeProvider>{children}</PersonalizeProvider>
 * ```
 */
export function PersonalizeProvider({
  endpoint = DEFAULT_ENDPOINT,
  ...props
}: PersonalizeProviderProps): ReactElement {
  return createElement(ReactPersonalizeProvider, { ...props, endpoint } as ComponentProps<
    typeof ReactPersonalizeProvider
  >)
}

export { useTrackEvent, useTrackImpression } from '@personalize-kit/react'
