import type { Redis } from 'ioredis'

/**
 * Appends a batch unless the backlog bound would be passed, and counts its records in the backlog, atomically.
 * KEYS: stream, backlog. ARGV: maxBacklog (0 = none), records, then the entry's fields.
 * Returns `{1, id}` or `{0, backlog}` when refused.
 */
const ENQUEUE = `
local max = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local backlog = tonumber(redis.call('GET', KEYS[2]) or '0')
if max > 0 and backlog + n > max then return {0, tostring(backlog)} end
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 3))
redis.call('INCRBY', KEYS[2], n)
return {1, id}
`

/**
 * Acknowledges an entry, takes its records off the backlog and stores its dead letters, atomically, and only if
 * the entry was still pending (a relay that lost its claim to another must not count it twice).
 * KEYS: stream, backlog, dead. ARGV: group, id, records, JSON array of dead-letter field lists.
 * Returns 1 when acknowledged here, 0 when it no longer was pending.
 */
const SETTLE = `
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if acked == 1 then
  redis.call('DECRBY', KEYS[2], tonumber(ARGV[3]))
  local letters = cjson.decode(ARGV[4])
  for _, fields in ipairs(letters) do redis.call('XADD', KEYS[3], '*', unpack(fields)) end
end
return acked
`

/**
 * The shared rate, a GCRA kept in one hash per operation and read in Redis's own clock (TIME), so every relay
 * together stays within the rate whatever their clocks say. Calls are granted at the moment they may go, never
 * reserved ahead: a relay that is slow to act on a grant wastes nothing, another takes the capacity. After an idle
 * spell at most \`slack\` ms of calls may go at once. A throttled relay pushes \`until\` forward and lowers the
 * shared \`factor\` for everyone; the factor recovers linearly (by \`recovery\` per second).
 * KEYS: the operation's hash. ARGV: rate to space calls for (calls/s), calls wanted, slack ms, recovery per second,
 * the configured limit (stored for `status`).
 * Returns {granted, wait ms before asking again}.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local rate = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local slack = tonumber(ARGV[3])
local recovery = tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'tat', 'until', 'factor', 'at')
local tat = tonumber(h[1]) or 0
local untilT = tonumber(h[2]) or 0
local factor = tonumber(h[3]) or 1
local at = tonumber(h[4]) or now
if factor < 1 and now > at then factor = math.min(1, factor + (now - at) / 1000 * recovery) end
local interval = 1000 / (rate * factor)
tat = math.max(tat, now - slack, untilT)
local granted = 0
if tat <= now then
  granted = math.min(want, math.floor((now - tat) / interval) + 1)
  tat = tat + granted * interval
end
redis.call('HSET', KEYS[1], 'tat', tostring(tat), 'factor', tostring(factor), 'at', tostring(now), 'rate', ARGV[5])
redis.call('PEXPIRE', KEYS[1], 3600000)
if granted > 0 then return {granted, 0, tostring(interval)} end
return {0, math.max(1, math.ceil(tat - now)), tostring(interval)}
`

/**
 * Slows every relay after a throttling answer: no slot before now + pause, and the shared factor times \`cut\`
 * (never below \`floor\`). KEYS: the operation's hash. ARGV: pause ms, cut, floor.
 */
const PENALIZE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local h = redis.call('HMGET', KEYS[1], 'until', 'factor')
local untilT = math.max(tonumber(h[1]) or 0, now + tonumber(ARGV[1]))
local factor = math.max(tonumber(ARGV[3]), (tonumber(h[2]) or 1) * tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'until', tostring(untilT), 'factor', tostring(factor), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
return tostring(factor)
`

/**
 * Gives back grants a relay could not use in time (its process stalled between asking and acting): the schedule
 * moves back by their share, never below what the slack allows, so nothing bursts and nothing is wasted.
 * KEYS: the operation's hash. ARGV: grants, interval ms.
 */
const GIVE_BACK = `
local tat = tonumber(redis.call('HGET', KEYS[1], 'tat') or '0')
redis.call('HSET', KEYS[1], 'tat', tostring(tat - tonumber(ARGV[1]) * tonumber(ARGV[2])))
return 1
`

/** A Redis client with the tier's scripts as commands (EVALSHA, falling back to EVAL after a restart). */
export interface ScriptedRedis extends Redis {
  pkEnqueue(stream: string, backlog: string, ...args: (string | number)[]): Promise<[number, string]>
  pkSettle(
    stream: string,
    backlog: string,
    dead: string,
    group: string,
    id: string,
    records: number,
    letters: string,
  ): Promise<number>
  pkAcquire(
    key: string,
    rate: number,
    want: number,
    slackMs: number,
    recovery: number,
    limit: number,
  ): Promise<[number, number, string]>
  pkPenalize(key: string, pauseMs: number, cut: number, floor: number): Promise<string>
  pkGiveBack(key: string, grants: number, intervalMs: number): Promise<number>
}

/** Registers the scripts on a client (idempotent). */
export function withScripts(client: Redis): ScriptedRedis {
  const scripted = client as ScriptedRedis
  if (typeof scripted.pkEnqueue !== 'function') {
    client.defineCommand('pkEnqueue', { numberOfKeys: 2, lua: ENQUEUE })
    client.defineCommand('pkSettle', { numberOfKeys: 3, lua: SETTLE })
    client.defineCommand('pkAcquire', { numberOfKeys: 1, lua: ACQUIRE })
    client.defineCommand('pkPenalize', { numberOfKeys: 1, lua: PENALIZE })
    client.defineCommand('pkGiveBack', { numberOfKeys: 1, lua: GIVE_BACK })
  }
  return scripted
}
