import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { type BenchEvent, makeEvent, type Session } from './workload'

/**
 * Offers the scheduled events to `record`.
 * - `burst`: all of them in one synchronous loop, as when a backlog lands at once; `record` must take them all.
 * - `stream`: 100 per event-loop turn, so sends make progress meanwhile (a server receiving requests); `record`
 *   returns false to push back (a full queue) and the same event is offered again a millisecond later.
 */
export async function produce(
  mode: 'burst' | 'stream',
  sessions: Session[],
  schedule: Uint32Array,
  record: (event: BenchEvent) => boolean,
): Promise<{ pushedBack: number }> {
  if (mode === 'burst') {
    for (let n = 0; n < schedule.length; n++) {
      if (!record(makeEvent(sessions[schedule[n] as number] as Session, n))) {
        throw new Error('the recorder pushed back during a burst')
      }
    }
    return { pushedBack: 0 }
  }
  let pushedBack = 0
  for (let start = 0; start < schedule.length; start += 100) {
    const end = Math.min(schedule.length, start + 100)
    for (let n = start; n < end; n++) {
      const event = makeEvent(sessions[schedule[n] as number] as Session, n)
      while (!record(event)) {
        pushedBack++
        await sleep(1)
      }
    }
    await nextTurn()
  }
  return { pushedBack }
}
