import type { Operation } from '@personalize-kit/core'
import type { StreamKeys } from '../stream/keys'
import type { ScriptedRedis } from '../stream/scripts'
import type { Sleeper } from './sleeper'

/** How far ahead one relay may reserve slots; beyond, it asks again later (a dead relay wastes at most this). */
const AHEAD_MS = 1000
/** The shared factor climbs back by this much per second after throttling. */
const RECOVERY_PER_SECOND = 0.05

/**
 * The relay's side of the shared rate: each call reserves a slot from the script in Redis (all relays draw from
 * one schedule per operation) and waits for it. While Redis is unreachable nothing is sent.
 */
export function createSharedRate(
  client: ScriptedRedis,
  keys: StreamKeys,
  rates: Record<Operation, number>,
  sleeper: Sleeper,
  onWait: (operation: Operation, ms: number) => void,
) {
  return {
    /** Resolves when this call may go; false when the relay stopped meanwhile. */
    async acquire(operation: Operation): Promise<boolean> {
      const rate = rates[operation]
      if (!Number.isFinite(rate)) return !sleeper.stopped
      for (;;) {
        if (sleeper.stopped) return false
        let wait: number
        try {
          wait = await client.pkAcquire(`${keys.rate}${operation}`, rate, AHEAD_MS, RECOVERY_PER_SECOND)
        } catch {
          // Redis unreachable: send nothing until it is back (ioredis reconnects).
          await sleeper.sleep(250)
          continue
        }
        if (wait !== 0) onWait(operation, Math.abs(wait))
        if (wait > 0) await sleeper.sleep(wait)
        if (wait >= 0) return !sleeper.stopped
        await sleeper.sleep(-wait)
      }
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
