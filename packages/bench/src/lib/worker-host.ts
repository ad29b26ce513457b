import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A child process running one worker file (TypeScript through tsx, workspace packages from source). */
export interface WorkerHandle {
  /** Calls a handler of the worker and resolves with its return value. */
  call<T = unknown>(method: string, args?: unknown): Promise<T>
  /** Stops the process (asks nicely, then kills after 15 s). */
  stop(): Promise<void>
  readonly pid: number | undefined
}

export interface WorkerStartOptions {
  /** Extra Node flags, e.g. `--expose-gc` or `--cpu-prof`. */
  nodeFlags?: string[]
  env?: Record<string, string>
  /** Rejects a call that takes longer (the worker is killed). Default 10 minutes. */
  callTimeoutMs?: number
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string }

const workerFile = (name: string): string => fileURLToPath(new URL(`../workers/${name}.ts`, import.meta.url))

/**
 * Node flags that make a child run TypeScript. `@personalize-kit/*` resolve to their built `dist` (what users run;
 * `pnpm bench` builds them first), or to their sources with `BENCH_SOURCE=1` (to measure uncommitted changes).
 */
export function childNodeFlags(): string[] {
  const source = process.env.BENCH_SOURCE === '1' ? ['--conditions=@personalize-kit/source'] : []
  return [...source, '--import', import.meta.resolve('tsx')]
}

/**
 * Starts `src/workers/<name>.ts` in its own process. Workers and their load generators get separate processes so
 * that, on a 2-core machine, the measured side has a core to itself.
 */
export function startWorker(name: string, options: WorkerStartOptions = {}): Promise<WorkerHandle> {
  const child: ChildProcess = fork(workerFile(name), [], {
    execArgv: [...childNodeFlags(), ...(options.nodeFlags ?? [])],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  })
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let exited = false
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error)
    pending.clear()
  }
  child.on('message', (message: Reply | { ready: true }) => {
    if ('ready' in message) return
    const p = pending.get(message.id)
    if (!p) return
    pending.delete(message.id)
    if (message.ok) p.resolve(message.value)
    else p.reject(new Error(message.error))
  })
  child.on('exit', (code, signal) => {
    exited = true
    failAll(new Error(`worker ${name} exited (${code ?? signal})`))
  })

  const handle: WorkerHandle = {
    pid: child.pid,
    call<T>(method: string, args?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`worker ${name} is not running`))
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          child.kill('SIGKILL')
          reject(new Error(`worker ${name}: ${method} timed out`))
        }, options.callTimeoutMs ?? 600_000)
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer)
            resolve(v as T)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        })
        child.send({ id, method, args })
      })
    },
    async stop() {
      if (exited) return
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      // Generous: a child writing a CPU profile on exit can take several seconds.
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await gone
      clearTimeout(timer)
    },
  }

  return new Promise((resolve, reject) => {
    const onReady = (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'ready' in message) {
        child.off('message', onReady)
        resolve(handle)
      }
    }
    child.on('message', onReady)
    child.once('exit', (code) => reject(new Error(`worker ${name} exited before it was ready (${code})`)))
    child.once('error', reject)
  })
}
