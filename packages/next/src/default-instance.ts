import { createPersonalize, type Personalize } from './create-personalize'
import { registry } from './registry'

/**
 * @internal
 * The instance the app created with `createPersonalize()` (looked up at request time, so it may live in another
 * bundle, e.g. `instrumentation.ts`), or else one configured from the environment.
 */
export function defaultInstance(name = 'default'): Personalize {
  return registry().instances.get(name) ?? createPersonalize({ name })
}
