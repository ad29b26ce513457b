import { EMULATOR_DEFAULTS } from '@personalize-kit/core'
import { BENCH_CREDENTIALS } from '../lib/sdk-client'
import { type ServiceRecord, startStubService } from '../lib/stub-service'
import { serveWorker } from '../lib/worker-serve'

interface Service {
  url: string
  kind: 'emulator' | 'stub'
  records(): ServiceRecord[]
  reset(): void
  stop(): Promise<void>
}

async function startService(): Promise<Service> {
  if (process.env.BENCH_STUB_EMULATOR !== '1') {
    const { startEmulator } = await import('@personalize-kit/emulator')
    // The keys the benches sign with, so signatures are verified in full (default `warn` mode).
    const emulator = await startEmulator({
      port: 0,
      quiet: true,
      credentials: {
        [BENCH_CREDENTIALS.accessKeyId]: BENCH_CREDENTIALS.secretAccessKey,
        [EMULATOR_DEFAULTS.credentials.accessKeyId]: EMULATOR_DEFAULTS.credentials.secretAccessKey,
      },
    })
    return {
      url: emulator.url,
      kind: 'emulator',
      records: () => emulator.records({ operation: 'PutEvents' }),
      reset: () => emulator.reset(),
      stop: () => emulator.stop(),
    }
  }
  return { ...(await startStubService()), kind: 'stub' }
}

let service: Service | undefined
const get = (): Service => {
  if (!service) throw new Error('service not started')
  return service
}

serveWorker({
  async start() {
    service ??= await startService()
    return { url: service.url, kind: service.kind }
  },
  count(args: { trackingId: string }) {
    let n = 0
    for (const r of get().records()) if (r.trackingId === args.trackingId) n++
    return n
  },
  /** eventId → receivedAt (epoch ms) of the records stored for a tracker. */
  receivedAt(args: { trackingId: string }) {
    const out: [string, number][] = []
    for (const r of get().records())
      if (r.trackingId === args.trackingId && r.eventId) out.push([r.eventId, r.receivedAt])
    return out
  },
  reset() {
    get().reset()
    return true
  },
  memory() {
    return process.memoryUsage()
  },
})
