import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { type BenchEvent, makeEvent, type Session } from './workload'

/**
 * Offers the scheduled events to `record` as fast as it takes them: 100 per event-loop turn (so sends can make
 * progress, as on a server where events arrive with requests). `record` returns false to push back (a full
 * queue); the same event is then offered again a millisecond later.
 */
export async function produce(
  sessions: Session[],
  schedule: Uint32Array,
  record: (event: BenchEvent) => boolean,
  options: { trackingId?: string } = {},
): Promise<{ pushedBack: number }> {
  let pushedBack = 0
  for (let start = 0; start < schedule.length; start += 100) {
    const end = Math.min(schedule.length, start + 100)
    for (let n = start; n < end; n++) {
      const event = makeEvent(sessions[schedule[n] as number] as Session, n)
      if (options.trackingId) (event as BenchEvent & { trackingId?: string }).trackingId = options.trackingId
      while (!record(event)) {
        pushedBack++
        await sleep(1)
      }
    }
    await nextTurn()
  }
  return { pushedBack }
}
