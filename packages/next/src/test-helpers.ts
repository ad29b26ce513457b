import { type DispatcherOptions, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { startEmulator } from '@personalize-kit/emulator'
import type { Registry } from './registry'

/** @internal Test-only helpers (not part of the published entries). */
export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export function startTestEmulator(): Promise<Emulator> {
  return startEmulator({ port: 0, quiet: true })
}

/**
 * Dispatcher options aimed at the emulator. The interval is long on purpose: a record only arrives within a test
 * when something flushes it (after(), flush(), the Pages handler), never by the timer.
 */
export function emulatorOptions(emulator: Emulator): DispatcherOptions {
  return { ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }), flushIntervalMs: 600_000 }
}

/** Closes and forgets every process-wide dispatcher and instance, as a fresh server process would start. */
export async function resetRegistry(): Promise<void> {
  const key = Symbol.for('@personalize-kit/next.registry')
  const holder = globalThis as { [key: symbol]: Registry | undefined }
  const current = holder[key]
  delete holder[key]
  if (current) await Promise.all([...current.dispatchers.values()].map((dispatcher) => dispatcher.close()))
}

export function eventsRequest(
  events: unknown[],
  init: { cookie?: string; url?: string; headers?: Record<string, string> } = {},
): Request {
  const url = init.url ?? 'http://shop.test/api/personalize/events'
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: new URL(url).origin,
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...init.headers,
    },
    body: JSON.stringify({ events }),
  })
}

/** The `pk_sid` value of a response's `Set-Cookie`, if one was set. */
export function sessionCookie(response: Response): string | undefined {
  for (const value of response.headers.getSetCookie()) {
    const match = /^pk_sid=([^;]+)/.exec(value)
    if (match) return match[1]
  }
  return undefined
}
