import type { AddressInfo } from 'node:net'
import { personalize } from '@personalize-kit/express'
import express from 'express'
import { serveWorker } from '../lib/worker-serve'

export type ExpressVariant = 'get-bare' | 'get-personalize' | 'echo' | 'collector' | 'collector-no-sdk'

const product = (id: string) => ({
  id,
  name: `Trail shoe ${id}`,
  price: 89.9,
  currency: 'EUR',
  inStock: true,
})

function buildApp(variant: ExpressVariant): { app: express.Express; close?: () => Promise<unknown> } {
  const app = express()
  app.disable('x-powered-by')
  if (variant === 'get-bare' || variant === 'get-personalize') {
    const pk = variant === 'get-personalize' ? personalize() : undefined
    if (pk) app.use(pk)
    app.get('/products/:id', (req, res) => {
      res.json(product(req.params.id))
    })
    return { app, close: pk && (() => pk.close({ timeoutMs: 2000 })) }
  }
  app.use(express.json())
  if (variant === 'echo') {
    app.post('/api/personalize/events', (req, res) => {
      res.json(req.body)
    })
    return { app }
  }
  // The emulator enforces no quota; the default limit (1,000 calls/s, AWS's) would turn load into 503s.
  // 'collector-no-sdk' replaces the SDK client by a no-op, to show what the collector itself costs.
  const noSdk = { send: () => Promise.resolve({ $metadata: { httpStatusCode: 200 } }), config: {} }
  const pk = personalize({
    dispatcherOptions: {
      rateLimits: { events: Number.POSITIVE_INFINITY },
      ...(variant === 'collector-no-sdk' ? { client: noSdk as never } : {}),
    },
  })
  app.use(pk)
  return { app, close: () => pk.close({ timeoutMs: 5000 }) }
}

let close: (() => Promise<unknown>) | undefined

serveWorker({
  async start(args: { variant: ExpressVariant }) {
    const { app, close: closeApp } = buildApp(args.variant)
    const server = app.listen(0, '127.0.0.1')
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    close = async () => {
      await closeApp?.()
      await new Promise((resolve) => server.close(resolve))
    }
    return { port: (server.address() as AddressInfo).port }
  },
  async stop() {
    await close?.()
    return true
  },
})
