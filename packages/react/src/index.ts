'use client'
/**
 * React bindings for personalize-kit: a provider and hooks that send Amazon Personalize events from the browser to
 * your own collector endpoint, batched, SSR-safe and surviving page unloads.
 *
 * @example
 * ```tsx title="app/layout.tsx"
 * import { PersonalizeProvider } from '@personalize-kit/react'
 *
 * export default function RootLayout({ children }: { children: React.ReactNode }) {
 *   return <html lang="en"><body><PersonalizeProvider>{children}</PersonalizeProvider></body></html>
 * }
 * ```
 *
 * @module @personalize-kit/react
 */
export type {
  BrowserEvent,
  BrowserTracker,
  EventTypeName,
  EventTypes,
  Register,
  RegisteredEvents,
  TypedEvent,
} from '@personalize-kit/browser'
export type { PersonalizeClient } from './context'
export { PersonalizeProvider, type PersonalizeProviderProps } from './personalize-provider'
export { usePersonalizeTracker } from './use-personalize-tracker'
export {
  type RecommendationTracking,
  type ShownRecommendation,
  useRecommendation,
} from './use-recommendation'
export { useTrackEvent } from './use-track-event'
export { type TrackImpressionOptions, useTrackImpression } from './use-track-impression'
