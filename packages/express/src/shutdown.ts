import type { Server } from 'node:http'
import type { FlushReport } from '@personalize-kit/core'
import type { ShutdownOptions } from './types'

const LOG_PREFIX = '[@personalize-kit/express]'

/**
 * @internal
 * Server close → flush. Signal → stop accepting connections, give in-flight requests the first part of the
 * deadline (they may still record events), close the dispatcher with what is left, then exit 0.
 */
export function handleShutdown(
  server: Server,
  close: (options?: { timeoutMs?: number }) => Promise<FlushReport>,
  options: ShutdownOptions,
): () => void {
  const timeoutMs = options.timeoutMs ?? 10_000
  const signals = options.signals ?? ['SIGTERM', 'SIGINT']
  const onServerClose = () => {
    void close({ timeoutMs })
  }
  server.once('close', onServerClose)

  const onSignal = async (signal: NodeJS.Signals) => {
    const started = Date.now()
    server.off('close', onServerClose)
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    // Logged once the listener is closed, so whoever reads this line can rely on new connections being refused.
    console.info(`${LOG_PREFIX} ${signal}: closing the server and flushing Personalize events`)
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([serverClosed, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs / 2)))])
    clearTimeout(timer)
    server.closeAllConnections()
    const report = await close({ timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)) })
    console.info(
      `${LOG_PREFIX} flushed: ${report.delivered} delivered, ${report.deadLettered} dead-lettered, ${report.pending} pending`,
    )
    try {
      await options.onShutdown?.(report)
    } catch (error) {
      console.error(`${LOG_PREFIX} onShutdown failed:`, error)
    }
    if (options.exit ?? true) process.exit(0)
  }
  for (const signal of signals) process.once(signal, onSignal)
  return () => {
    server.off('close', onServerClose)
    for (const signal of signals) process.off(signal, onSignal)
  }
}
