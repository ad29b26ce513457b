import { join } from 'node:path'
import { startEmulator } from '@personalize-kit/emulator'
import { startNextServer } from '@personalize-kit/test-utils/next-server'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export interface NextServer {
  url: string
  emulator: Emulator
  output(): string
  stop(): Promise<void>
}

/**
 * Starts a built app (this fixture unless `appDir` names another, such as the Next 15 fixture) with `pnpm start`
 * against an emulator running in this process.
 */
export async function startNext(options: { appDir?: string } = {}): Promise<NextServer> {
  const emulator = await startEmulator({ port: 0, quiet: true })
  try {
    const next = await startNextServer(options.appDir ?? join(import.meta.dirname, '..'), {
      env: { PERSONALIZE_ENDPOINT: emulator.url, PERSONALIZE_TRACKING_ID: '' },
      // A route that records nothing, so waiting for the server adds no events.
      readyPath: '/favicon.ico',
      ready: (response) => response.status < 500,
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
