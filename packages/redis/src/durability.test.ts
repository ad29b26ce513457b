import { afterEach, expect, it } from 'vitest'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { recordMany, startTier, type Tier } from './testing/tier.test.helpers'

describeWithRedis('durable at flush', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  // With `always` every acknowledged write is on disk before the reply. With `everysec` Redis may postpone the
  // write for up to 2 s while a slow background fsync runs (it still replies), so a SIGKILL then loses acknowledged
  // writes: a CI run under disk pressure kept 18 of 40 that way.
  it('keeps every record flush() resolved for through a SIGKILL of redis-server (AOF always), then a relay delivers them', async () => {
    tier = await startTier({ appendfsync: 'always' }) // the default, spelled out: this test is about it
    const producer = tier.producer({ flushIntervalMs: 60_000 })
    const ids = recordMany(producer, 40, 7)
    const report = await producer.flush()
    expect(report).toMatchObject({ delivered: ids.length, deadLettered: 0 })
    const before = await tier.redis.client().xlen(tier.stream)
    expect(before).toBe(40)

    // The server dies at once: only what reached its AOF survives. Acknowledged XADDs did.
    await tier.redis.kill()
    await tier.redis.restart()
    expect(await tier.redis.client().xlen(tier.stream)).toBe(40)
    expect(Number(await tier.redis.client().get(`${tier.stream}:backlog`))).toBe(ids.length)

    await tier.relay()
    const stored = await tier.emulator.waitFor((records) => records.length >= ids.length, 20_000)
    expect(new Set(stored.map((r) => r.eventId))).toEqual(new Set(ids))
  })
})
