import type { Operation } from '@personalize-kit/core'
import type { StreamKeys } from '../stream/keys'
import type { ScriptedRedis } from '../stream/scripts'
import type { Sleeper } from './sleeper'

/** The shared factor climbs back by this much per second after throttling. */
const RECOVERY_PER_SECOND = 0.05
/** After an idle spell, at most this many ms worth of calls go at once (a relay catching up after a pause). */
const SLACK_MS = 30
/** Most calls one ask may be granted. */
const MAX_GRANT = 20
/**
 * Calls are spaced for this share of the rate: the 3 % left absorbs network jitter between relays and the
 * service, so no second at the service goes over the quota while a backlog still uses over 90 % of it.
 */
const HEADROOM = 0.97
/**
 * A grant that reaches the relay later than this after it asked (its process was busy) is given back instead of
 * used: calls sent late would bunch at the service with the ones granted after them.
 */
const STALE_MS = 25

/**
 * The relay's side of the shared rate. Calls of one operation wait in a local queue; one loop per operation asks
 * the script in Redis for as many grants as there are waiters and releases them the moment they are granted.
 * While Redis is unreachable nothing is granted, so nothing is sent.
 */
export function createSharedRate(
  client: ScriptedRedis,
  keys: StreamKeys,
  rates: Record<Operation, number>,
  sleeper: Sleeper,
  onWait: (operation: Operation, ms: number) => void,
  onStale: (operation: Operation, grants: number) => void = () => {},
) {
  const queues = new Map<Operation, { waiters: ((go: boolean) => void)[]; running: boolean }>()

  async function grantLoop(
    operation: Operation,
    queue: { waiters: ((go: boolean) => void)[]; running: boolean },
  ) {
    queue.running = true
    const key = `${keys.rate}${operation}`
    const limit = rates[operation] as number
    const rate = limit * HEADROOM
    while (queue.waiters.length > 0) {
      if (sleeper.stopped) {
        for (const waiter of queue.waiters.splice(0)) waiter(false)
        break
      }
      const want = Math.min(MAX_GRANT, queue.waiters.length)
      let granted: number
      let wait: number
      let interval: string
      const asked = performance.now()
      try {
        ;[granted, wait, interval] = await client.pkAcquire(
          key,
          rate,
          want,
          SLACK_MS,
          RECOVERY_PER_SECOND,
          limit,
        )
      } catch {
        // Redis unreachable: send nothing until it is back (ioredis reconnects).
        await sleeper.sleep(250)
        continue
      }
      if (granted > 0 && performance.now() - asked > STALE_MS) {
        onStale(operation, granted)
        client.pkGiveBack(key, granted, Number(interval)).catch(() => {})
        continue
      }
      for (const waiter of queue.waiters.splice(0, granted)) waiter(true)
      if (granted === 0) {
        onWait(operation, wait)
        await sleeper.sleep(wait)
      }
    }
    queue.running = false
  }

  return {
    /** Resolves true when this call may go now; false when the relay stopped meanwhile. */
    acquire(operation: Operation): Promise<boolean> {
      if (sleeper.stopped) return Promise.resolve(false)
      if (!Number.isFinite(rates[operation])) return Promise.resolve(true)
      let queue = queues.get(operation)
      if (queue === undefined) {
        queue = { waiters: [], running: false }
        queues.set(operation, queue)
      }
      const promise = new Promise<boolean>((resolve) => queue.waiters.push(resolve))
      if (!queue.running) void grantLoop(operation, queue)
      return promise
    },
    /** Slows every relay after a throttling answer. */
    async penalize(operation: Operation, pauseMs: number): Promise<void> {
      try {
        await client.pkPenalize(`${keys.rate}${operation}`, pauseMs, 0.8, 0.1)
      } catch {
        // Best effort: the relay's own backoff still applies.
      }
    },
  }
}
