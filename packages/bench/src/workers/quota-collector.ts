import type { AddressInfo } from 'node:net'
import { personalize } from '@personalize-kit/express'
import express from 'express'
import { serveWorker } from '../lib/worker-serve'

const quiet = { debug() {}, info() {}, warn() {}, error() {} }

let close: (() => Promise<unknown>) | undefined

serveWorker({
  /**
   * The Express collector with every default (rate limit 1,000 PutEvents calls/s included), sending to the
   * emulator at `PERSONALIZE_ENDPOINT`.
   */
  async start() {
    const app = express()
    app.disable('x-powered-by')
    // Only the logger is set (the info line about the emulator is noise here): every delivery option is the default.
    const pk = personalize({ dispatcherOptions: { logger: quiet } })
    app.use(pk)
    const server = app.listen(0, '127.0.0.1')
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    close = async () => {
      await new Promise((resolve) => server.close(resolve))
      // Long enough to deliver a full default queue (10,000 events) at the rate limit.
      return pk.close({ timeoutMs: 60_000 })
    }
    return { port: (server.address() as AddressInfo).port }
  },
  /** Stops taking requests and flushes: resolves with the dispatcher's report once the backlog is delivered. */
  async stop() {
    return close?.()
  },
})
