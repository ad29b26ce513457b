import { afterEach, expect, it } from 'vitest'
import { tierStatus } from './admin/status'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { spawnRelay } from './testing/relay-process.test.helpers'
import {
  recordMany,
  startTier,
  type Tier,
  timingGoal,
  timingTrustworthy,
  worstWindow,
} from './testing/tier.test.helpers'

const RATE = 50

describeWithRedis('one quota shared by every relay', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  it('two relays with a backlog use at least 90 % of the quota and no one-second window at the service passes it by more than 5 %', async () => {
    tier = await startTier({ quotas: { PutEvents: RATE } })
    const producer = tier.producer({ flushIntervalMs: 60_000 })
    const ids = recordMany(producer, 300, 10)
    expect(await producer.flush()).toMatchObject({ delivered: ids.length, deadLettered: 0 })

    // Two relay processes (the real bin); each holds at most a fifth of the backlog, so both take part.
    const t = tier
    const relays = await Promise.all(
      [1, 2].map((n) =>
        spawnRelay({
          redisUrl: t.redis.url,
          stream: t.stream,
          endpoint: t.emulator.url,
          args: ['--consumer', `relay-${n}`, '--rate-events', String(RATE), '--max-held', '1000'],
        }),
      ),
    )
    const stored = await tier.emulator.waitFor((records) => records.length >= ids.length, 30_000)
    expect(new Set(stored.map((r) => r.eventId)).size).toBe(ids.length)

    const arrivals = tier.calls.filter((c) => c.operation === 'PutEvents').map((c) => c.receivedAt)
    const ok = tier.calls.filter((c) => c.status === 200)
    // Both relays took part.
    for (const relay of relays) {
      expect(await relay.stop()).toBe(0)
      expect(relay.output()).toMatch(/"delivered":[1-9]\d{2,}/)
    }
    const worst = worstWindow(arrivals)
    const first = ok[0]?.receivedAt as number
    const last = ok[ok.length - 1]?.receivedAt as number
    // The share of the quota in use while the backlog lasts: calls per whole second, leaving out the first second
    // (processes warming up) and the last, partial one.
    const perSecond = new Map<number, number>()
    for (const c of ok) {
      const second = Math.floor((c.receivedAt - first) / 1000)
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1)
    }
    const steady = [...perSecond.entries()].filter(
      ([second]) => second > 0 && second < Math.floor((last - first) / 1000),
    )
    const used = steady.reduce((n, [, count]) => n + count, 0) / (steady.length * RATE)
    expect(steady.length).toBeGreaterThanOrEqual(3)
    const trusted = timingTrustworthy()
    timingGoal(`worst one-second window (calls, quota ${RATE})`, worst, worst <= RATE * 1.05, trusted)
    timingGoal('share of the quota used with a backlog', used, used >= 0.9, trusted)
    // Batching survived the hop: 300 sessions x 10 events is 300 full calls.
    expect(ok.length).toBe(300)
  })

  it('a ThrottlingException slows every relay: with the service quota at half the configured rate, few calls are throttled', async () => {
    tier = await startTier({ quotas: { PutEvents: RATE / 2 } })
    const producer = tier.producer({ flushIntervalMs: 60_000 })
    const ids = recordMany(producer, 200, 10)
    await producer.flush()
    await Promise.all([
      tier.relay({ rateLimits: { events: RATE } }),
      tier.relay({ rateLimits: { events: RATE } }),
    ])
    await tier.emulator.waitFor((records) => records.length >= ids.length, 40_000)
    const throttled = tier.calls.filter((c) => c.errorCode === 'ThrottlingException').length
    // Relays that each backed off alone would keep sending at 100/s to a 50/s quota: about half throttled.
    expect(throttled / tier.calls.length).toBeLessThan(0.2)
    expect(throttled).toBeGreaterThan(0)
    const status = await tierStatus({ url: tier.redis.url, stream: tier.stream })
    expect(status.rates.PutEvents?.limit).toBe(RATE)
    expect(status.rates.PutEvents?.factor).toBeLessThanOrEqual(1)
  })
})
