'use client'
import { useContext } from 'react'
import { type PersonalizeClient, PersonalizeContext } from './context'

/**
 * Returns the provider's client (`track` and `flush`), or null outside `<PersonalizeProvider>`. Use `flush()`
 * before a client-side action that must not race the batch window, such as a checkout redirect.
 *
 * @example
 * ```tsx
 * const personalize = usePersonalizeTracker()
 * const checkout = async () => {
 *   personalize?.track({ eventType: 'purchase', itemId: 'sku-42' })
 *   await personalize?.flush()
 *   location.assign('/thanks')
 * }
 * ```
 */
export const usePersonalizeTracker = (): PersonalizeClient | null => useContext(PersonalizeContext)
