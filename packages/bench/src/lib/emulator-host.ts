import { startWorker, type WorkerHandle } from './worker-host'

/** The Personalize Events service the benches send to, running in its own process. */
export interface ServiceHandle {
  url: string
  kind: 'emulator' | 'stub'
  worker: WorkerHandle
  count(trackingId: string): Promise<number>
  receivedAt(trackingId: string): Promise<[string, number][]>
  reset(): Promise<void>
  stop(): Promise<void>
}

/** Starts the emulator (or, with `BENCH_STUB_EMULATOR=1` or before it exists, a stub) in a child process. */
export async function startService(nodeFlags: string[] = []): Promise<ServiceHandle> {
  const worker = await startWorker('emulator', { nodeFlags })
  const { url, kind } = await worker.call<{ url: string; kind: 'emulator' | 'stub' }>('start')
  return {
    url,
    kind,
    worker,
    count: (trackingId) => worker.call<number>('count', { trackingId }),
    receivedAt: (trackingId) => worker.call<[string, number][]>('receivedAt', { trackingId }),
    reset: async () => {
      await worker.call('reset')
    },
    stop: () => worker.stop(),
  }
}

/** A note for the report when the numbers did not come from the real emulator. */
export function serviceNote(kind: 'emulator' | 'stub'): string[] {
  return kind === 'stub'
    ? [
        '**Measured against a stub HTTP server, not the emulator** (200, empty body, no validation): not final.',
      ]
    : []
}
