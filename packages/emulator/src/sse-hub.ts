import type { ServerResponse } from 'node:http'

/** Server-sent-events fan-out; serialises nothing when nobody listens, keeping the hot path lean. @internal */
export function createSseHub() {
  const clients = new Set<ServerResponse>()
  return {
    attach(res: ServerResponse) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write(': connected\n\nretry: 1000\n\n')
      clients.add(res)
      res.on('close', () => clients.delete(res))
    },
    broadcast(event: string, data: () => unknown) {
      if (clients.size === 0) return
      const payload = `event: ${event}\ndata: ${JSON.stringify(data())}\n\n`
      for (const c of clients) c.write(payload)
    },
    closeAll() {
      for (const c of clients) c.end()
      clients.clear()
    },
    get size() {
      return clients.size
    },
  }
}
