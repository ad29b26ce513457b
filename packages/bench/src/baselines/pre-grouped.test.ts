import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildSchedule, optimalCalls } from '../lib/workload'
import { groupIntoCalls } from './pre-grouped'

test('baseline (c) groups every event into the optimal number of calls, at most 10 of one session each', () => {
  const sessions = 37
  const schedule = buildSchedule(5_000, sessions, 11)
  const calls = groupIntoCalls(schedule, sessions)
  assert.equal(calls.length, optimalCalls(schedule, sessions))
  const seen = new Set<number>()
  for (const call of calls) {
    assert.ok(call.length >= 1 && call.length <= 10)
    const session = schedule[call[0] as number]
    for (const n of call) {
      assert.equal(schedule[n], session, 'one session per call')
      seen.add(n)
    }
  }
  assert.equal(seen.size, schedule.length, 'every event sent exactly once')
})

test('the optimum is the sum over sessions of ceil(n / 10)', () => {
  // sessions 0, 1, 2 hold 11, 10 and 1 events: 2 + 1 + 1 calls
  const schedule = new Uint32Array([...Array(11).fill(0), ...Array(10).fill(1), 2])
  assert.equal(optimalCalls(schedule, 3), 4)
})
