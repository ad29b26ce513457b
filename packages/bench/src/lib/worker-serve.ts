type Handler = (args: never) => unknown

/**
 * The worker side of `startWorker`: answers `{ id, method, args }` messages with the handler's result. Calls run
 * one after the other, in arrival order.
 */
export function serveWorker(handlers: Record<string, Handler>): void {
  const send = process.send?.bind(process)
  if (!send) throw new Error('serveWorker must run in a child started by startWorker')
  let chain: Promise<unknown> = Promise.resolve()
  process.on('message', (message: { id: number; method: string; args: never }) => {
    chain = chain.then(async () => {
      const handler = handlers[message.method]
      try {
        if (!handler) throw new Error(`unknown method ${message.method}`)
        const value = await handler(message.args)
        send({ id: message.id, ok: true, value })
      } catch (error) {
        send({
          id: message.id,
          ok: false,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        })
      }
    })
  })
  process.on('SIGTERM', () => process.exit(0))
  process.on('disconnect', () => process.exit(0))
  send({ ready: true })
}
