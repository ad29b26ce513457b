import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import { encodeBatch } from './stream/entry'
import { describeWithRedis } from './testing/redis-server.test.helpers'
import { sleep, startTier, type Tier, TRACKING_ID } from './testing/tier.test.helpers'

const CLI = fileURLToPath(new URL('./cli/main.ts', import.meta.url))

describeWithRedis('a poison record', () => {
  let tier: Tier | undefined
  afterEach(async () => {
    await tier?.stop()
    tier = undefined
  })

  it('is the only record dead-lettered to <stream>:dead, with reason and message; replay-dead brings it back', async () => {
    tier = await startTier()
    const redis = tier.redis.client()
    // A batch from a producer that skipped validation: the fifth itemId is over the 256-character limit.
    const records = Array.from({ length: 10 }, (_, i) => ({
      eventType: 'click',
      sentAt: Date.now() / 1000,
      eventId: `e-${i}`,
      itemId: i === 4 ? 'x'.repeat(300) : `item-${i}`,
    }))
    const fields = encodeBatch({
      operation: 'PutEvents',
      target: TRACKING_ID,
      sessionId: 's-1',
      records,
      enqueuedAt: Date.now(),
    })
    await redis
      .multi()
      .xadd(tier.stream, '*', ...fields)
      .incrby(`${tier.stream}:backlog`, 10)
      .exec()

    const relay = await tier.relay()
    await tier.emulator.waitFor((stored) => stored.length >= 9, 20_000)
    for (let i = 0; i < 100 && (await redis.xlen(`${tier.stream}:dead`)) === 0; i++) await sleep(50)
    const dead = await redis.xrange(`${tier.stream}:dead`, '-', '+')
    expect(dead).toHaveLength(1)
    const letter = new Map<string, string>()
    const [, letterFields] = dead[0] as [string, string[]]
    for (let i = 0; i < letterFields.length; i += 2)
      letter.set(letterFields[i] as string, letterFields[i + 1] as string)
    expect(letter.get('reason')).toBe('invalid-input')
    expect(letter.get('message')).toContain('InvalidInputException')
    expect(letter.get('t')).toBe(TRACKING_ID)
    expect(letter.get('s')).toBe('s-1')
    expect(JSON.parse(letter.get('r') as string)).toEqual([records[4]])
    expect(
      tier.emulator
        .records()
        .map((r) => r.eventId)
        .sort(),
    ).toEqual(
      records
        .filter((_, i) => i !== 4)
        .map((r) => r.eventId)
        .sort(),
    )
    expect(relay.stats()).toMatchObject({
      delivered: 9,
      deadLettered: 1,
      deadLetteredByReason: { 'invalid-input': 1 },
    })
    await relay.close()

    // The bin moves it back into the stream, same eventId.
    const replay = spawnSync(
      process.execPath,
      [
        '--conditions=@personalize-kit/source',
        '--import',
        'tsx',
        CLI,
        'replay-dead',
        '--url',
        tier.redis.url,
        '--stream',
        tier.stream,
      ],
      { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) },
    )
    expect(replay.stderr).toBe('')
    expect(replay.stdout).toContain('re-enqueued 1 record(s) from 1 dead letter(s)')
    expect(await redis.xlen(`${tier.stream}:dead`)).toBe(0)
    const back = await redis.xrevrange(tier.stream, '+', '-', 'COUNT', 1)
    const backFields = (back[0] as [string, string[]])[1]
    expect(JSON.parse(backFields[backFields.indexOf('r') + 1] as string)).toEqual([records[4]])
    expect(Number(await redis.get(`${tier.stream}:backlog`))).toBe(1)
  })
})
