import type { Server } from 'node:http'
import { type FlushReport, type Logger, setLongTimeout, validateTimeoutMs } from '@personalize-kit/core'
import { log } from './log'
import type { ShutdownOptions } from './types'

const LOG_PREFIX = '[@personalize-kit/express]'

/**
 * @internal
 * Server close → flush. Signal → stop accepting connections, give in-flight requests the first part of the
 * deadline (they may still record events), close the dispatcher with what is left, then exit 0. `timeoutMs:
 * Infinity` waits for both without a deadline.
 */
export function handleShutdown(
  server: Server,
  close: (options?: { timeoutMs?: number }) => Promise<FlushReport>,
  options: ShutdownOptions,
  defaultLogger: Logger,
): () => void {
  const timeoutMs = validateTimeoutMs(options.timeoutMs, 'handleShutdown() timeoutMs') ?? 10_000
  const logger = options.logger ?? defaultLogger
  const signals = options.signals ?? ['SIGTERM', 'SIGINT']
  const onServerClose = () => {
    void close({ timeoutMs })
  }
  server.once('close', onServerClose)

  const onSignal = async (signal: NodeJS.Signals) => {
    // Monotonic: a wall clock stepped back must not stretch the deadline.
    const started = performance.now()
    server.off('close', onServerClose)
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeIdleConnections()
    // A keep-alive connection whose last response ends during the grace period would otherwise hold the close
    // open until its keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 100)
    sweep.unref()
    void serverClosed.then(() => clearInterval(sweep))
    // Logged once the listener is closed, so whoever reads this line can rely on new connections being refused.
    log(
      logger,
      'info',
      { signal },
      `${LOG_PREFIX} ${signal}: closing the server and flushing Personalize events`,
    )
    let cancel = () => {}
    await Promise.race([
      serverClosed,
      new Promise<void>((resolve) => (cancel = setLongTimeout(resolve, timeoutMs / 2))),
    ])
    cancel()
    clearInterval(sweep)
    server.closeAllConnections()
    const report = await close({ timeoutMs: Math.max(1000, timeoutMs - (performance.now() - started)) })
    log(
      logger,
      'info',
      { delivered: report.delivered, deadLettered: report.deadLettered, pending: report.pending },
      `${LOG_PREFIX} flushed: ${report.delivered} delivered, ${report.deadLettered} dead-lettered, ${report.pending} pending`,
    )
    try {
      await options.onShutdown?.(report)
    } catch (error) {
      log(logger, 'error', { err: error }, `${LOG_PREFIX} onShutdown failed`)
    }
    if (options.exit ?? true) process.exit(0)
  }
  for (const signal of signals) process.once(signal, onSignal)
  return () => {
    server.off('close', onServerClose)
    for (const signal of signals) process.off(signal, onSignal)
  }
}
