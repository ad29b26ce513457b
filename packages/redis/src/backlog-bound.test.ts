import { afterEach, expect, it } from 'vitest'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { recordMany, startTier, type Tier } from './testing/tier.test.helpers'

describeWithRedis('backlog bound', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  it('dead-letters batches beyond maxBacklog with reason backlog-full, appends nothing of them, and takes more once relays catch up', async () => {
    tier = await startTier()
    const producer = tier.producer({ flushIntervalMs: 60_000, maxBacklog: 50 })
    // 10 sessions x 10 events: ten full batches; only five fit under the bound.
    const ids = recordMany(producer, 10, 10)
    const report = await producer.flush()
    expect(report.delivered).toBe(50)
    expect(report.deadLetteredByReason).toEqual({ 'backlog-full': 50 })
    expect(producer.deadLetters.byReason).toEqual({ 'backlog-full': 50 })
    const redis = tier.redis.client()
    expect(await redis.xlen(tier.stream)).toBe(5)
    expect(Number(await redis.get(`${tier.stream}:backlog`))).toBe(50)

    // A relay drains the backlog; the bound has room again.
    await tier.relay()
    await tier.emulator.waitFor((records) => records.length >= 50, 20_000)
    for (let i = 0; i < 100 && Number(await redis.get(`${tier.stream}:backlog`)) > 0; i++)
      await new Promise((r) => setTimeout(r, 50))
    expect(Number(await redis.get(`${tier.stream}:backlog`))).toBe(0)
    const more = recordMany(producer, 5, 10, 'later')
    expect(await producer.flush()).toMatchObject({ delivered: 50, deadLettered: 0 })
    const stored = await tier.emulator.waitFor((records) => records.length >= 100, 20_000)
    const storedIds = new Set(stored.map((r) => r.eventId))
    for (const id of more) expect(storedIds.has(id)).toBe(true)
    expect(ids.filter((id) => storedIds.has(id))).toHaveLength(50)
  })
})
