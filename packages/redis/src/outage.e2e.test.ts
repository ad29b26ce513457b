import { afterEach, expect, it } from 'vitest'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import {
  recordMany,
  sleep,
  startTier,
  type Tier,
  timingGoal,
  timingTrustworthy,
  worstWindow,
} from './testing/tier.test.helpers'

// The issue asks for a 60 s outage; 6 s exercises the same path (every call failing, backlog held in Redis,
// retries capped at retry.maxDelayMs = 5 s by default) in a tenth of the time.
const OUTAGE_MS = 6000
const RATE = 50

describeWithRedis('a Personalize outage with a backlog', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  it('drops nothing and drains at the shared rate once the service is back', async () => {
    tier = await startTier({ quotas: { PutEvents: RATE } })
    tier.emulator.faults.add({ kind: 'error503' })
    const producer = tier.producer({ flushIntervalMs: 100 })
    const relay = await tier.relay({ rateLimits: { events: RATE } })
    const ids = recordMany(producer, 150, 10)
    expect(await producer.flush()).toMatchObject({ delivered: ids.length, deadLettered: 0 })
    await sleep(OUTAGE_MS)
    expect(tier.emulator.records()).toHaveLength(0)
    const back = Date.now()
    tier.emulator.faults.clear()

    const stored = await tier.emulator.waitFor((records) => records.length >= ids.length, 30_000)
    expect(new Set(stored.map((r) => r.eventId))).toEqual(new Set(ids))
    const stats = relay.stats()
    expect(stats.deadLettered).toBe(0)
    expect(stats.retried).toBeGreaterThan(0)
    const after = tier.calls.filter((c) => c.receivedAt >= back).map((c) => c.receivedAt)
    const worst = worstWindow(after)
    timingGoal(
      `worst one-second window while draining (calls, quota ${RATE})`,
      worst,
      worst <= RATE * 1.05,
      timingTrustworthy(),
    )
  })
})
