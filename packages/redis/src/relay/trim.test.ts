import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithRedis, startTestRedis, type TestRedis } from '../testing/redis-server.test.helpers'
import { nextId, safeTrimId, trimAcknowledged } from './trim'

describeWithRedis('trimming', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(async () => {
    await redis.stop()
  })

  it('removes only entries every group acknowledged: never a pending one, never an unread one', async () => {
    const client = redis.client()
    expect(await safeTrimId(client, 'nostream-yet').catch(() => 'error')).toBe('error')
    await client.xgroup('CREATE', 's', 'g', '0', 'MKSTREAM')
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await client.xadd('s', '*', 'n', String(i))) as string)
    await client.xreadgroup('GROUP', 'g', 'c', 'COUNT', 3, 'STREAMS', 's', '>')
    await client.xack('s', 'g', ids[0] as string, ids[2] as string)
    // ids[1] is pending: ids[0] may go, nothing from ids[1] on.
    expect(await trimAcknowledged(client, 's')).toBe(1)
    expect((await client.xrange('s', '-', '+')).map(([id]) => id)).toEqual(ids.slice(1))
    await client.xack('s', 'g', ids[1] as string)
    // Nothing pending: everything up to the last entry given to the group goes; the two unread stay.
    expect(await trimAcknowledged(client, 's')).toBe(2)
    expect((await client.xrange('s', '-', '+')).map(([id]) => id)).toEqual(ids.slice(3))
    // A second group that read nothing keeps everything it has not seen.
    await client.xgroup('CREATE', 's', 'late', '0')
    await client.xreadgroup('GROUP', 'g', 'c', 'COUNT', 2, 'STREAMS', 's', '>')
    await client.xack('s', 'g', ids[3] as string, ids[4] as string)
    expect(await trimAcknowledged(client, 's')).toBe(0)
    expect(await client.xlen('s')).toBe(2)
  })

  it('computes the id after another', () => {
    expect(nextId('1700000000000-0')).toBe('1700000000000-1')
    expect(nextId('5-18446744073709551614')).toBe('5-18446744073709551615')
  })
})
