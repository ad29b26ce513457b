import { randomUUID } from 'node:crypto'
import type { Event as WireEvent } from '@aws-sdk/client-personalize-events'
import { createPrng } from './prng'

/** A visitor: the request-level part of a PutEvents call. */
export interface Session {
  sessionId: string
  userId?: string
}

/** What the application records, in the shape of the dispatcher's `EventInput`. */
export interface BenchEvent {
  sessionId: string
  userId?: string
  eventType: string
  itemId: string
  eventValue?: number
  properties: Record<string, unknown>
  sentAt: number
}

const EVENT_TYPES = ['view', 'view', 'view', 'view', 'click', 'click', 'add-to-cart', 'purchase'] as const
const CATEGORIES = ['running-shoes', 'jackets', 'backpacks', 'watches', 'headphones', 'tents'] as const
const DEVICES = ['mobile', 'desktop', 'tablet'] as const
const PAGES = ['home', 'search', 'product', 'category', 'cart'] as const

/** `count` sessions; 40 % are signed in (carry a userId), the rest anonymous. */
export function buildSessions(count: number, seed = 1): Session[] {
  const rand = createPrng(seed)
  const sessions: Session[] = []
  for (let i = 0; i < count; i++) {
    const sessionId = `sess-${i.toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`
    sessions.push(rand() < 0.4 ? { sessionId, userId: `user-${i}` } : { sessionId })
  }
  return sessions
}

/**
 * Which session each of `events` events belongs to, drawn uniformly (seeded), so sessions interleave as they do on
 * a busy server and their sizes vary around the mean.
 */
export function buildSchedule(events: number, sessions: number, seed = 2): Uint32Array {
  const rand = createPrng(seed)
  const schedule = new Uint32Array(events)
  for (let i = 0; i < events; i++) schedule[i] = Math.floor(rand() * sessions)
  return schedule
}

/** The fewest PutEvents calls that can carry the schedule: the sum over sessions of ceil(n / 10). */
export function optimalCalls(schedule: Uint32Array, sessions: number): number {
  const counts = new Uint32Array(sessions)
  for (const s of schedule) counts[s] = (counts[s] ?? 0) + 1
  let calls = 0
  for (const n of counts) calls += Math.ceil(n / 10)
  return calls
}

/** A realistic event with properties (about 200 bytes of JSON), built on demand so nothing is retained. */
export function makeEvent(session: Session, n: number): BenchEvent {
  const eventType = EVENT_TYPES[n % EVENT_TYPES.length] as string
  const event: BenchEvent = {
    sessionId: session.sessionId,
    eventType,
    itemId: `sku-${(n * 7919) % 5000}`,
    properties: {
      category: CATEGORIES[n % CATEGORIES.length],
      device: DEVICES[n % DEVICES.length],
      page: PAGES[n % PAGES.length],
      position: n % 24,
      price: 19.99 + (n % 50),
      inStock: n % 7 !== 0,
    },
    sentAt: Date.now(),
  }
  if (session.userId !== undefined) event.userId = session.userId
  if (eventType === 'purchase') event.eventValue = 19.99 + (n % 50)
  return event
}

/** The event as the bare SDK takes it: what a hand-written integration sends (with its own eventId). */
export function toWireEvent(event: BenchEvent): WireEvent {
  const wire: WireEvent = {
    eventType: event.eventType,
    sentAt: new Date(event.sentAt),
    eventId: randomUUID(),
    itemId: event.itemId,
    properties: JSON.stringify(event.properties),
  }
  if (event.eventValue !== undefined) wire.eventValue = event.eventValue
  return wire
}
