import { type AddressInfo, createConnection } from 'node:net'
import { startEmulator } from '@personalize-kit/emulator'
import { createShopApp } from './create-shop-app'

const LOG = '[express-shop]'

/** True when something accepts TCP connections on the port (an emulator started by `pnpm demo`, say). */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

// Without AWS settings the shop talks to the emulator; start one in-process when none is running so
// `pnpm --filter express-shop start` works on its own.
const usesDefaultEmulator = !process.env.PERSONALIZE_TRACKING_ID && !process.env.PERSONALIZE_ENDPOINT
const emulator =
  usesDefaultEmulator && !(await isListening(4599)) ? await startEmulator({ port: 4599 }) : undefined
if (emulator) console.info(`${LOG} started an in-process Personalize emulator at ${emulator.url}`)

const { app, personalize } = createShopApp()
const port = Number(process.env.PORT ?? 3001)
const server = app.listen(port, () => {
  const { port: actual } = server.address() as AddressInfo
  console.info(`${LOG} listening on http://localhost:${actual}`)
})
personalize.handleShutdown(server, { timeoutMs: 8000, onShutdown: () => emulator?.stop() })
