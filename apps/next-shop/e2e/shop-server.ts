import { join } from 'node:path'
import { startEmulator } from '@personalize-kit/emulator'
import { startNextServer } from '@personalize-kit/test-utils/next-server'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export interface ShopServer {
  url: string
  emulator: Emulator
  output(): string
  stop(): Promise<void>
}

/**
 * Starts the built shop with `pnpm start` (so the PORT handling of the start script is what is tested) against an
 * emulator running in this process. `env` adds to the shop's environment (e.g. `SHOP_MAX_QUEUE_SIZE`).
 */
export async function startShop(options: { env?: Record<string, string> } = {}): Promise<ShopServer> {
  const emulator = await startEmulator({ port: 0, quiet: true })
  try {
    const next = await startNextServer(join(import.meta.dirname, '..'), {
      env: { PERSONALIZE_ENDPOINT: emulator.url, PERSONALIZE_TRACKING_ID: '', ...options.env },
    })
    const stop = async () => {
      await next.stop()
      await emulator.stop()
    }
    return { url: next.url, emulator, output: next.output, stop }
  } catch (error) {
    await emulator.stop()
    throw error
  }
}
