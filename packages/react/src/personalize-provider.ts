'use client'
import { type BrowserTracker, createBrowserTracker } from '@personalize-kit/browser'
import { createElement, type ReactNode, useEffect, useState } from 'react'
import { PersonalizeContext } from './context'
import { createClient } from './create-client'

/**
 * Props of {@link PersonalizeProvider}.
 *
 * @example
 * ```tsx
 * const props: PersonalizeProviderProps = { endpoint: '/api/personalize/events', children: null }
 * ```
 */
export interface PersonalizeProviderProps {
  /** The collector URL. Default `/api/personalize/events`. */
  endpoint?: string
  /** How long an event waits for others to share its request. Default 250 ms. */
  flushIntervalMs?: number
  /** Events per request. Default 10. */
  maxBatchSize?: number
  /** A tracker you created (and destroy) yourself, for example one shared with non-React code. */
  tracker?: BrowserTracker
  children?: ReactNode
}

/**
 * Makes `useTrackEvent` and `useTrackImpression` send events to your collector. The browser tracker is created
 * after mount, so server rendering never sends anything; events recorded before that are queued, and the
 * StrictMode remount hands them over without duplicates.
 *
 * @example
 * ```tsx title="app/providers.tsx"
 * 'use client'
 * import { PersonalizeProvider } from '@personalize-kit/react'
 *
 * export function Providers({ children }: { children: React.ReactNode }) {
 *   return <PersonalizeProvider endpoint="/api/personalize/events">{children}</PersonalizeProvider>
 * }
 * ```
 */
export const PersonalizeProvider = ({
  endpoint,
  flushIntervalMs,
  maxBatchSize,
  tracker,
  children,
}: PersonalizeProviderProps) => {
  const [{ client, attach }] = useState(createClient)
  useEffect(() => {
    const active = tracker ?? createBrowserTracker({ endpoint, flushIntervalMs, maxBatchSize })
    const detach = attach(active)
    return () => {
      detach()
      // Destroying sends what this tracker still holds, so a StrictMode remount or new props lose nothing.
      if (active !== tracker) void active.destroy()
    }
  }, [attach, tracker, endpoint, flushIntervalMs, maxBatchSize])
  // createElement rather than JSX: one import less from React in every app bundle.
  return createElement(PersonalizeContext.Provider, { value: client }, children)
}
