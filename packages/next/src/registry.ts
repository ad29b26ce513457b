import type { Dispatcher, RecommendationClient } from '@personalize-kit/core'
import type { Personalize } from './create-personalize'

/** @internal */
export interface Registry {
  dispatchers: Map<string, Dispatcher>
  instances: Map<string, Personalize>
  /** Recommendation clients by instance name, built on first `recommend`. */
  recommendations?: Map<string, RecommendationClient>
}

const REGISTRY_KEY = Symbol.for('@personalize-kit/next.registry')

/**
 * @internal
 * The one process-global of this package, and why it must be one: Next.js evaluates modules several times in
 * one server process. `next dev` re-runs them on every edit (a module-scope dispatcher would leak its timers
 * and queue on each reload), and `next start` compiles route handlers, Server Actions, pages and
 * `instrumentation.ts` into separate bundles, each with its own copy of this package. A key made with
 * `Symbol.for` on `globalThis` is shared by all of them, so the process holds exactly one dispatcher per
 * instance name and the zero-config route can find the instance the app configured.
 */
export function registry(): Registry {
  const holder = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry }
  holder[REGISTRY_KEY] ??= { dispatchers: new Map(), instances: new Map() }
  return holder[REGISTRY_KEY]
}

/** @internal Returns the live dispatcher registered under `name`, or creates and registers one. */
export function sharedDispatcher(name: string, create: () => Dispatcher): Dispatcher {
  const { dispatchers } = registry()
  const existing = dispatchers.get(name)
  if (existing && !existing.closed) return existing
  const dispatcher = create()
  dispatchers.set(name, dispatcher)
  return dispatcher
}
