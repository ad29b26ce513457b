import { afterEach, expect, it } from 'vitest'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { type RelayProcess, spawnRelay } from './testing/relay-process.test.helpers'
import { recordMany, sleep, startTier, type Tier } from './testing/tier.test.helpers'

describeWithRedis('a relay killed mid-delivery', () => {
  let tier: Tier | undefined
  let doomed: RelayProcess | undefined
  afterEach(async () => {
    await doomed?.kill()
    await tier?.stop()
    tier = undefined
  })

  it('leaves its entries pending; another relay claims and delivers them, duplicates only as repeated eventIds', async () => {
    tier = await startTier()
    const producer = tier.producer({ flushIntervalMs: 60_000 })
    const ids = recordMany(producer, 100, 10)
    expect(await producer.flush()).toMatchObject({ delivered: 1000, deadLettered: 0 })

    // Slow calls, so the relay process holds entries (some calls answered, some in flight) when it dies.
    tier.emulator.faults.add({ kind: 'latency', latencyMs: 400 })
    doomed = await spawnRelay({
      redisUrl: tier.redis.url,
      stream: tier.stream,
      endpoint: tier.emulator.url,
      args: ['--concurrency', '5', '--consumer', 'doomed'],
    })
    await tier.emulator.waitFor((records) => records.length >= 100, 20_000)
    await doomed.kill()
    const redis = tier.redis.client()
    const [pendingAfterKill] = (await redis.xpending(tier.stream, 'personalize-relays')) as [number]
    expect(pendingAfterKill).toBeGreaterThan(0)
    tier.emulator.faults.clear()

    const rescuer = await tier.relay({ claimIdleMs: 1000, claimIntervalMs: 300 })
    const stored = await tier.emulator.waitFor(
      (records) => new Set(records.map((r) => r.eventId)).size >= ids.length,
      30_000,
    )
    expect(new Set(stored.map((r) => r.eventId))).toEqual(new Set(ids))
    // Any record stored twice is a repeat of an eventId (Personalize ignores those for training).
    const duplicates = stored.filter((r) => r.duplicateEventId)
    expect(stored.length - duplicates.length).toBe(ids.length)
    const stats = rescuer.stats()
    expect(stats.claimed).toBeGreaterThan(0)
    expect(stats.resent).toBeGreaterThanOrEqual(duplicates.length)
    // Everything acknowledged and taken off the backlog.
    for (let i = 0; i < 100 && Number(await redis.get(`${tier.stream}:backlog`)) > 0; i++) await sleep(50)
    expect(Number(await redis.get(`${tier.stream}:backlog`))).toBe(0)
    expect(((await redis.xpending(tier.stream, 'personalize-relays')) as [number])[0]).toBe(0)
  })
})
