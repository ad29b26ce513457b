/**
 * Your event types and the shape of each one's `properties` (`undefined` for an event without properties).
 *
 * @example
 * ```ts
 * type ShopEvents = {
 *   view: undefined
 *   purchase: { price: number; currency: string }
 * }
 * ```
 */
export type EventTypes = { [eventType: string]: Record<string, unknown> | undefined }

/**
 * Declare your event types once, for every package, by augmenting this interface from whichever personalize-kit
 * package you import (each re-exports it): the browser tracker, the React hooks, `req.personalize`, Next's
 * `recordEvent` and `createDispatcher()` then refuse, at compile time, an unknown `eventType` or a wrong property.
 * Without the declaration every event type and property is accepted, as before.
 *
 * @example
 * ```ts title="src/personalize-events.d.ts"
 * import '@personalize-kit/react'
 *
 * declare module '@personalize-kit/react' {
 *   interface Register {
 *     events: {
 *       view: undefined
 *       purchase: { price: number; currency: string }
 *     }
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: an interface for declaration merging, empty until the app fills it
export interface Register {}

/**
 * The event types declared through {@link Register}, or `undefined` when none are.
 *
 * @example
 * ```ts
 * type Declared = RegisteredEvents // { view: undefined; purchase: { price: number } } once registered
 * ```
 */
export type RegisteredEvents = Register extends { events: infer E extends EventTypes } ? E : undefined

/**
 * An event input `T` narrowed to the event types `E` (the registered ones by default): `eventType` is one of them
 * and `properties` has its shape. `T` itself when no event types are declared.
 *
 * @example
 * ```ts
 * const event: TypedEvent<BrowserEvent, { rate: { stars: number } }> = {
 *   eventType: 'rate',
 *   properties: { stars: 5 },
 * }
 * ```
 */
export type TypedEvent<
  T extends { eventType: string },
  E extends EventTypes | undefined = RegisteredEvents,
> = E extends EventTypes
  ? {
      [K in keyof E & string]: Omit<T, 'eventType' | 'properties'> & {
        eventType: K
      } & (E[K] extends Record<string, unknown> ? { properties?: E[K] } : { properties?: undefined })
    }[keyof E & string]
  : T

/**
 * A declared event type name (see {@link Register}), or any string when none are declared.
 *
 * @example
 * ```ts
 * const eventType: EventTypeName = 'purchase'
 * ```
 */
// Tested against `undefined`, not `EventTypes`: in a true branch TypeScript reads the type as `… & EventTypes`,
// whose string index signature would let any name through.
export type EventTypeName = RegisteredEvents extends undefined
  ? string
  : keyof NonNullable<RegisteredEvents> & string
