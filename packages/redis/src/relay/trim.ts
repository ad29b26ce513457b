import type { Redis } from 'ioredis'

/** The id right after `id` (`ms-seq` + 1). */
export function nextId(id: string): string {
  const [ms, seq] = id.split('-')
  return `${ms}-${BigInt(seq ?? '0') + 1n}`
}

function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map((part) => BigInt(part))
  const [bm, bs] = b.split('-').map((part) => BigInt(part))
  if (am !== bm) return (am as bigint) < (bm as bigint) ? -1 : 1
  if (as === bs) return 0
  return (as as bigint) < (bs as bigint) ? -1 : 1
}

/**
 * The lowest id any consumer group of the stream still needs: its oldest pending entry, or the entry after the
 * last one it was given. `undefined` when the stream has no group (then nothing may be trimmed).
 */
export async function safeTrimId(client: Redis, stream: string): Promise<string | undefined> {
  const groups = (await client.xinfo('GROUPS', stream)) as unknown[][]
  let lowest: string | undefined
  for (const group of groups) {
    const info = new Map<string, unknown>()
    for (let i = 0; i + 1 < group.length; i += 2) info.set(String(group[i]), group[i + 1])
    const name = String(info.get('name'))
    let needed = nextId(String(info.get('last-delivered-id') ?? '0-0'))
    if (Number(info.get('pending') ?? 0) > 0) {
      const oldest = (await client.xpending(stream, name, '-', '+', 1)) as unknown[][]
      const id = oldest[0]?.[0]
      if (typeof id === 'string' && compareIds(id, needed) < 0) needed = id
    }
    if (lowest === undefined || compareIds(needed, lowest) < 0) lowest = needed
  }
  return lowest
}

/**
 * Trims what every group has acknowledged: `XTRIM MINID` at the lowest id still needed, never a blind MAXLEN
 * (which drops entries whether or not they were delivered). Returns the entries removed.
 */
export async function trimAcknowledged(client: Redis, stream: string): Promise<number> {
  const minId = await safeTrimId(client, stream)
  if (minId === undefined) return 0
  return Number(await client.xtrim(stream, 'MINID', minId))
}
