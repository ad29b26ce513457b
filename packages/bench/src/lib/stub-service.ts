import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the bench needs to read back from the service it sends to. */
export interface ServiceRecord {
  trackingId?: string
  eventId?: string
  receivedAt: number
}

/**
 * A trivial stand-in for the emulator (200, empty body, nothing validated). Only used while developing the bench
 * or when `BENCH_STUB_EMULATOR=1`; the report says so whenever it was used.
 */
export async function startStubService(): Promise<{
  url: string
  records(): ServiceRecord[]
  reset(): void
  stop(): Promise<void>
}> {
  let stored: ServiceRecord[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const receivedAt = Date.now()
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          trackingId?: string
          eventList?: { eventId?: string }[]
        }
        for (const e of body.eventList ?? [])
          stored.push({ trackingId: body.trackingId, eventId: e.eventId, receivedAt })
      } catch {
        // a malformed body is simply not stored: the stub validates nothing
      }
      res.writeHead(200, { 'x-amzn-RequestId': randomUUID(), 'content-length': '0' })
      res.end()
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    records: () => stored,
    reset: () => {
      stored = []
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
