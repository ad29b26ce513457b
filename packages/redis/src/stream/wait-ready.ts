import type { Redis } from 'ioredis'

/** Resolves true once `client` is ready, false after `timeoutMs` or when `signal` aborts. */
export function waitReady(client: Redis, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true)
  if (timeoutMs <= 0 || signal?.aborted) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (value: boolean) => {
      clearTimeout(timer)
      client.off('ready', onReady)
      signal?.removeEventListener('abort', onAbort)
      resolve(value)
    }
    const onReady = () => done(true)
    const onAbort = () => done(false)
    const timer = setTimeout(() => done(client.status === 'ready'), timeoutMs)
    timer.unref()
    client.on('ready', onReady)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
