// A producer app instance for the soak test: records events in bursts, flushes, and after each flush resolved
// appends a line to OUT_FILE with the eventIds that flush covered and the fewest calls they could take.
import { appendFileSync } from 'node:fs'
import { createDispatcher } from '@personalize-kit/core'
import { redisTransport } from '../redis-transport'

const env = process.env
const total = Number(env.EVENTS)
const prefix = env.PREFIX as string
const out = env.OUT_FILE as string
const sessions = Number(env.SESSIONS ?? 200)
const burst = Number(env.BURST ?? 500)
const quiet = { debug() {}, info() {}, warn() {}, error() {} }

const dispatcher = createDispatcher({
  trackingId: 'tid-soak',
  flushIntervalMs: 100,
  // Redis restarts in the middle of the run: wait it out rather than dead-letter.
  retry: { maxAttempts: 100, maxDelayMs: 1000 },
  logger: quiet,
  onDeadLetter: (records, reason) => console.error(`DEAD ${records.length} ${reason}`),
  transport: redisTransport({ url: env.REDIS_URL, stream: env.STREAM, logger: quiet }),
})

let recorded = 0
let flushes = 0
while (recorded < total) {
  const ids: string[] = []
  const perSession = new Map<number, number>()
  for (let i = 0; i < burst && recorded < total; i++, recorded++) {
    const session = (recorded * 7919) % sessions
    perSession.set(session, (perSession.get(session) ?? 0) + 1)
    const { eventId } = dispatcher.recordEvent({
      sessionId: `${prefix}-s${session}`,
      userId: `${prefix}-u${session}`,
      eventType: 'click',
      itemId: `item-${recorded % 50}`,
    })
    ids.push(eventId)
  }
  const report = await dispatcher.flush()
  let optimum = 0
  for (const count of perSession.values()) optimum += Math.ceil(count / 10)
  appendFileSync(out, `${JSON.stringify({ ids, optimum, deadLettered: report.deadLettered })}\n`)
  flushes++
  console.log(`FLUSHED ${flushes} ${recorded}`)
  await new Promise((resolve) => setTimeout(resolve, 20))
}
await dispatcher.close()
console.log('DONE')
