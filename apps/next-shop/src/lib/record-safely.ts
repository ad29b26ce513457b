import type { ServerEventInput } from '@personalize-kit/next'
import { unstable_rethrow } from 'next/navigation'
import { putUser, recordEvent } from './personalize'

/**
 * Records an event without ever failing the page or the order around it: a refused record (queue full, shutting
 * down, invalid) is logged and the request goes on. Next's own control flow (redirects, "render this on demand")
 * passes through untouched.
 */
export async function recordSafely(event: ServerEventInput): Promise<void> {
  try {
    await recordEvent(event)
  } catch (error) {
    unstable_rethrow(error)
    console.error(`[next-shop] could not record a ${event.eventType} event; carrying on:`, error)
  }
}

/** {@link recordSafely} for `putUser`. */
export function putUserSafely(user: Parameters<typeof putUser>[0]): void {
  try {
    putUser(user)
  } catch (error) {
    console.error('[next-shop] could not record a new user; carrying on:', error)
  }
}
