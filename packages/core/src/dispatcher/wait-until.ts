import type { FlushReport, Logger } from '../types'

const PREFIX = '[@personalize-kit/core]'

/**
 * Hands serverless platforms' `waitUntil` one promise per synchronous burst of records (one request handler),
 * which settles once that burst is sent: the flush starts when the burst ends.
 */
export function createWaitUntilScheduler(
  waitUntil: (promise: Promise<unknown>) => void,
  flush: () => Promise<FlushReport>,
  logger: Logger,
): () => void {
  let pending: Promise<unknown> | undefined
  return () => {
    if (pending === undefined) {
      pending = new Promise<unknown>((resolve) => {
        queueMicrotask(() => {
          pending = undefined
          flush().then(resolve)
        })
      })
    }
    try {
      waitUntil(pending)
    } catch (error) {
      logger.debug({ err: error }, `${PREFIX} waitUntil threw (called outside a request?)`)
    }
  }
}
