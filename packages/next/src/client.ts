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
import {
  type PersonalizeProviderProps,
  PersonalizeProvider as ReactPersonalizeProvider,
} from '@personalize-kit/react'
import { createElement, type ReactElement } from 'react'

/**
 * Where the hooks send events unless told otherwise: the path `@personalize-kit/next/route` is mounted at.
 *
 * @example
 * ```ts
 * await fetch(DEFAULT_ENDPOINT, { method: 'POST', body: JSON.stringify({ events }) })
 * ```
 */
export const DEFAULT_ENDPOINT = '/api/personalize/events'

/**
 * Starts the browser tracker for the components below it (a Client Component, so it can wrap Server Component
 * children in the root layout). Nothing is sent during server rendering; `endpoint` defaults to
 * `/api/personalize/events`.
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
  return createElement(ReactPersonalizeProvider, { ...props, endpoint })
}

export type {
  BrowserEvent,
  PersonalizeProviderProps,
  RecommendationTracking,
  ShownRecommendation,
  TrackImpressionOptions,
} from '@personalize-kit/react'
export {
  usePersonalizeTracker,
  useRecommendation,
  useTrackEvent,
  useTrackImpression,
} from '@personalize-kit/react'
