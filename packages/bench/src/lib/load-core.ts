import type { Dispatcher, DispatcherOptions } from '@personalize-kit/core'

export type CreateDispatcher = (options: DispatcherOptions) => Dispatcher

/** `createDispatcher` from `@personalize-kit/core`, or null while it has not landed (benches then skip it). */
export async function loadDispatcherFactory(): Promise<CreateDispatcher | null> {
  const mod = (await import('@personalize-kit/core')) as { createDispatcher?: CreateDispatcher }
  return typeof mod.createDispatcher === 'function' ? mod.createDispatcher : null
}
