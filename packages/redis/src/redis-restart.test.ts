import { afterEach, expect, it } from 'vitest'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { sleep, startTier, type Tier } from './testing/tier.test.helpers'

describeWithRedis('Redis restarted mid-run (AOF)', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  it('the app side holds records in memory while Redis is away, then drains; the relay resumes; nothing is lost', async () => {
    tier = await startTier()
    const producer = tier.producer({ flushIntervalMs: 50 })
    const relay = await tier.relay()
    const ids: string[] = []
    const started = Date.now()
    let restarted = false
    let sawHeld = 0
    while (Date.now() - started < 3000) {
      for (let i = 0; i < 20; i++)
        ids.push(
          producer.recordEvent({ sessionId: `s-${ids.length % 97}`, eventType: 'view', itemId: `i-${i}` })
            .eventId,
        )
      if (!restarted && Date.now() - started > 800) {
        restarted = true
        await tier.redis.kill()
        // Records keep coming while Redis is down.
        const downAt = Date.now()
        while (Date.now() - downAt < 1000) {
          for (let i = 0; i < 20; i++)
            ids.push(producer.recordEvent({ sessionId: `s-${ids.length % 97}`, eventType: 'view' }).eventId)
          await sleep(10)
          const { queued, inFlight } = producer.stats()
          sawHeld = Math.max(sawHeld, queued + inFlight)
        }
        await tier.redis.restart()
      }
      await sleep(10)
    }
    expect(sawHeld).toBeGreaterThan(100)
    expect(await producer.flush()).toMatchObject({ deadLettered: 0, pending: 0 })
    expect(producer.stats()).toMatchObject({ accepted: ids.length, delivered: ids.length, deadLettered: 0 })
    const stored = await tier.emulator.waitFor(
      (records) => new Set(records.map((r) => r.eventId)).size >= ids.length,
      30_000,
    )
    expect(new Set(stored.map((r) => r.eventId))).toEqual(new Set(ids))
    // The relay resumed and acknowledged everything: the backlog is empty.
    const redis = tier.redis.client()
    for (let i = 0; i < 100 && Number(await redis.get(`${tier.stream}:backlog`)) > 0; i++) await sleep(50)
    expect(Number(await redis.get(`${tier.stream}:backlog`))).toBe(0)
    expect(relay.stats().delivered).toBeGreaterThanOrEqual(ids.length)
  })
})
