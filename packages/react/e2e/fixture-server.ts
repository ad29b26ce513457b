import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDispatcher, dispatcherOptionsFromEnv } from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { personalize } from '@personalize-kit/express'
import express from 'express'
import { browserBundle, type ReactLine, serverModule } from './react-bundles'

export const COLLECTOR_PATH = '/api/personalize/events'

export interface Fixture {
  url: string
  emulator: Emulator
  /** Requests that reached the collector path, as the server saw them. */
  collectorHits: { contentType: string | undefined }[]
  /** The React version the page hydrated with, as the browser reports it (`html[data-react]`). */
  react: ReactLine
  /** Server-side renders of the page so far. */
  renders: () => number
  flush(): Promise<unknown>
  stop(): Promise<void>
}

/**
 * A real stack for the browser tests: an Express app with `personalize()` recording through a real dispatcher to
 * the emulator, serving a page that is rendered with React on the server and hydrated with the package's hooks.
 */
export async function startFixture({ react = '19' }: { react?: ReactLine } = {}): Promise<Fixture> {
  const emulator = await startEmulator({ port: 0, quiet: true })
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 20,
  })
  const script = await browserBundle('e2e/fixture-main.tsx', react)
  const { render } = await serverModule<{ render: (flushIntervalMs: number) => string }>(
    'e2e/fixture-ssr.tsx',
    react,
  )
  const collectorHits: Fixture['collectorHits'] = []
  let renders = 0

  const app = express()
  app.use((req, _res, next) => {
    if (req.path === COLLECTOR_PATH) collectorHits.push({ contentType: req.get('content-type') })
    next()
  })
  app.use(personalize({ dispatcher }))
  app.get('/app.js', (_req, res) => {
    res.type('text/javascript').send(script)
  })
  app.get('/', (req, res) => {
    const flushIntervalMs = Number(req.query.flush ?? 250)
    renders++
    const html = render(flushIntervalMs)
    res
      .type('html')
      .send(
        `<!doctype html><html><head><title>fixture</title></head><body><div id="root" data-flush="${flushIntervalMs}">${html}</div><script type="module" src="/app.js"></script></body></html>`,
      )
  })
  app.get('/other', (_req, res) => {
    res.type('html').send('<!doctype html><html><body><p id="other">another page</p></body></html>')
  })

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    react,
    collectorHits,
    renders: () => renders,
    flush: () => dispatcher.flush(),
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await dispatcher.close({ timeoutMs: 2_000 })
      await emulator.stop()
    },
  }
}
