import { EMULATOR_DEFAULTS } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { BENCH_CREDENTIALS } from '../lib/sdk-client'
import { serveWorker } from '../lib/worker-serve'

/** When each PutEvents call reached the emulator, and whether it was within the quota (200) or throttled. */
export interface Arrival {
  at: number
  status: number
}

let emulator: Emulator | undefined
let arrivals: Arrival[] = []

serveWorker({
  /** The emulator with an AWS-like quota on PutEvents (calls/s), timestamping every PutEvents arrival. */
  async start(args: { putEventsPerSecond: number }) {
    emulator ??= await startEmulator({
      port: 0,
      quiet: true,
      quotas: { PutEvents: args.putEventsPerSecond },
      credentials: {
        [BENCH_CREDENTIALS.accessKeyId]: BENCH_CREDENTIALS.secretAccessKey,
        [EMULATOR_DEFAULTS.credentials.accessKeyId]: EMULATOR_DEFAULTS.credentials.secretAccessKey,
      },
      // The arrivals are kept here; the emulator's own log would hold every body.
      requestLogSize: 10,
      onRequest: (entry) => {
        if (entry.operation === 'PutEvents') arrivals.push({ at: entry.receivedAt, status: entry.status })
      },
    })
    return { url: emulator.url }
  },
  /** The arrivals since the last call (then forgets them). */
  takeArrivals() {
    const taken = arrivals
    arrivals = []
    return taken
  },
  /** Events stored for a tracker (every one a client handed over must be there). */
  stored(args: { trackingId: string }) {
    return emulator?.records({ trackingId: args.trackingId }).length ?? 0
  },
  async stop() {
    await emulator?.stop()
    emulator = undefined
    return true
  },
})
