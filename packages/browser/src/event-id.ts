const byte = (): number =>
  globalThis.crypto?.getRandomValues?.(new Uint8Array(1))[0] ?? (Math.random() * 256) | 0

/**
 * Mints a random v4 UUID: `crypto.randomUUID()` where available, which it is not on plain-http pages (it needs a
 * secure context) nor in older browsers, so those get one built from `crypto.getRandomValues`.
 *
 * @example
 * ```ts
 * const eventId = createEventId() // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 * ```
 */
export const createEventId = (): string =>
  globalThis.crypto?.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (byte() & (15 >> (+c / 4)))).toString(16),
  )
