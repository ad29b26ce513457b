import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createDispatcher,
  dispatcherOptionsFromEnv,
  EMULATOR_RESOURCES,
  recommendationClientOptionsFromEnv,
} from '@personalize-kit/core'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { personalize } from '@personalize-kit/express'
import { build } from 'esbuild'
import express from 'express'
import { renderToString } from 'react-dom/server'
import { RecommendationApp } from './recommendation-app'

export interface RecommendationFixture {
  url: string
  emulator: Emulator
  flush(): Promise<unknown>
  stop(): Promise<void>
}

/**
 * The whole loop on one machine: the emulator learns best sellers from a few purchases, an Express page fetches
 * them with `req.personalize.recommend`, renders them with `useRecommendation` and hydrates in the browser, whose
 * impressions and clicks come back through the collector to the emulator.
 */
export async function startRecommendationFixture(): Promise<RecommendationFixture> {
  const emulator = await startEmulator({ port: 0, quiet: true })
  const dispatcher = createDispatcher({
    ...dispatcherOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
    flushIntervalMs: 20,
  })
  for (const itemId of ['tea', 'pot', 'cup']) dispatcher.putItem({ itemId })
  for (const [i, itemId] of ['tea', 'tea', 'tea', 'pot', 'pot', 'cup'].entries())
    dispatcher.recordEvent({ sessionId: `buyer-${i}`, eventType: 'purchase', itemId })
  await dispatcher.flush()

  const bundle = await build({
    entryPoints: [new URL('./recommendation-main.tsx', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['@personalize-kit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  })
  const script = bundle.outputFiles[0]!.text

  const app = express()
  const pk = personalize({
    dispatcher,
    // A generous budget, so a loaded CI machine still shows the emulator's list rather than the fallback.
    recommendations: {
      ...recommendationClientOptionsFromEnv({ PERSONALIZE_ENDPOINT: emulator.url }),
      timeoutMs: 5000,
    },
  })
  app.use(pk)
  app.get('/app.js', (_req, res) => {
    res.type('text/javascript').send(script)
  })
  app.get('/', async (req, res) => {
    const recommendation = await req.personalize.recommend({
      recommenderArn: EMULATOR_RESOURCES.bestSellers,
      numResults: 3,
    })
    const html = renderToString(<RecommendationApp recommendation={recommendation} />)
    const data = JSON.stringify(recommendation).replaceAll('<', '\\u003c')
    res
      .type('html')
      .send(
        `<!doctype html><html><head><title>recommendation</title></head><body><div id="root">${html}</div><script id="recommendation" type="application/json">${data}</script><script type="module" src="/app.js"></script></body></html>`,
      )
  })

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    emulator,
    flush: () => dispatcher.flush(),
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await pk.close({ timeoutMs: 2_000 })
      await emulator.stop()
    },
  }
}
