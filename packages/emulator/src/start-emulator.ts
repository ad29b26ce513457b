import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ADMIN_PREFIX, handleAdmin } from './admin-api'
import { adminRefusal, hostRefusal, isLoopbackHost } from './admin-guard'
import { attributionOf } from './attribution/attribution-of'
import { createEmulatorState, replayDataFile } from './emulator-state'
import { handleOperation } from './handle-operation'
import { inspectorHtml } from './inspector-page'
import { sendJson } from './respond'
import type { Emulator, EmulatorOptions } from './types'

/**
 * Starts a local, wire-faithful Amazon Personalize Events service over HTTP.
 *
 * @example
 * ```ts
 * // test/setup.ts
 * import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
 * import { startEmulator } from '@personalize-kit/emulator'
 *
 * const emulator = await startEmulator({ port: 0 })
 * const client = new PersonalizeEventsClient({
 *   endpoint: emulator.url,
 *   region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
 * })
 * await client.send(new PutEventsCommand({
 *   trackingId: 't1', sessionId: 's1',
 *   eventList: [{ eventType: 'click', sentAt: new Date() }],
 * }))
 * emulator.records({ sessionId: 's1' }) // → [{ operation: 'PutEvents', eventType: 'click', … }]
 * await emulator.stop()
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = createEmulatorState(options)
  await replayDataFile(state)
  const html = inspectorHtml()

  const reset = () => {
    state.store.clear()
    state.runtime.index.clear()
    state.runtime.log.clear()
    state.requestLog.clear()
    state.stats.clear()
    state.faults.restore()
    state.quotas.reset()
    state.recordFile?.truncate()
    state.sse.broadcast('reset', () => ({}))
  }

  const host = options.host ?? '127.0.0.1'
  // Bound to another interface, the emulator is reached under names we cannot know, so only Origin is checked.
  const loopbackOnly = isLoopbackHost(host)

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const url = req.url ?? '/'
    if (url.startsWith(ADMIN_PREFIX)) {
      const refusal = adminRefusal(req, loopbackOnly)
      if (refusal) return sendJson(res, refusal.status, { message: refusal.message })
      void handleAdmin(state, req, res, { reset })
      return
    }
    if (req.method === 'GET' && (url === '/' || url.startsWith('/?') || url === '/_emulator')) {
      const refusal = hostRefusal(req, loopbackOnly)
      if (refusal) return sendJson(res, refusal.status, { message: refusal.message })
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      res.end(html)
      return
    }
    if (req.method === 'GET' && url === '/favicon.ico') {
      // Browsers ask for it; answering keeps the request log and stats about Personalize calls only.
      res.writeHead(204).end()
      return
    }
    handleOperation(state, req, res)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4599, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  let stopped: Promise<void> | undefined

  return {
    url: `http://${urlHost}:${port}`,
    port,
    records: (filter) => state.store.query(filter),
    requests: () => state.requestLog.list(),
    rawRequest: (requestId) => state.store.raw(requestId),
    waitFor: (predicate, timeoutMs = 5000) => state.store.waitFor(predicate, timeoutMs),
    recommendations: () => state.runtime.log.list(),
    attribution: () => attributionOf(state),
    runtime: {
      addResource: (resource) => {
        state.runtime.registry.addResource(resource)
      },
      addFilter: (filter) => {
        state.runtime.registry.addFilter(filter)
      },
      list: () => state.runtime.registry.list(),
    },
    faults: {
      add: (rule) => state.faults.add(rule),
      remove: (id) => state.faults.remove(id),
      list: () => state.faults.list(),
      clear: () => state.faults.clear(),
    },
    reset,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        state.sse.closeAll()
        server.close(() => {
          state.recordFile?.close()
          resolve()
        })
        server.closeAllConnections()
      })
      return stopped
    },
  }
}
