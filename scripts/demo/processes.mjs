// Child processes of the demo. Each runs in its own process group (detached), so a terminal Ctrl-C reaches only
// the demo, which then stops them in order: shops first (they flush their queued events to the emulator), the
// emulator last. Stopping signals the whole group, so helpers a server spawned (next, tsx watch) go too.
import { spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createConnection } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Runs a command to completion (a build step), writing its output to `logFile` and handing each output line to
 * `onLine`. Resolves with the exit code; the child is killed with its group when `signal` aborts.
 */
export function runCommand({ command, args, cwd, env, logFile, onLine, signal }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile, { flags: 'a' })
    log.write(`$ ${command} ${args.join(' ')}\n`)
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    const onAbort = () => killGroup(child.pid, 'SIGTERM')
    signal?.addEventListener('abort', onAbort, { once: true })
    pipeLines(child, log, onLine)
    child.once('error', (error) => {
      log.end()
      reject(error)
    })
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort)
      log.end(() => resolve(code ?? (sig ? 128 : 1)))
    })
  })
}

/**
 * Starts a long-running service in its own process group. Returns a handle with `pid`, `exited` (a promise of
 * `{ code, signal }`), `stop(timeoutMs)` and `logFile`.
 */
export function startService({ name, command, args, cwd, env, logFile, onLine }) {
  const log = createWriteStream(logFile, { flags: 'a' })
  log.write(`$ ${command} ${args.join(' ')}\n`)
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  pipeLines(child, log, onLine)
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      log.write(`[demo] could not start ${name}: ${error.message}\n`)
      resolve({ code: 127, signal: null })
    })
    child.once('close', (code, signal) => resolve({ code, signal }))
  })
  let state = 'running'
  exited.then(() => {
    state = 'exited'
    log.end()
  })
  return {
    name,
    pid: child.pid,
    logFile,
    exited,
    get running() {
      return state === 'running'
    },
    /**
     * SIGTERM to the group, then waits up to `timeoutMs` for the process to exit (servers flush in that time;
     * `forced` says it did not and was killed); whatever of its group lingers afterwards gets SIGKILL.
     */
    async stop(timeoutMs = 15_000) {
      let forced = false
      if (state !== 'exited') {
        killGroup(child.pid, 'SIGTERM')
        const result = await Promise.race([exited, sleep(timeoutMs).then(() => undefined)])
        if (result === undefined) {
          forced = true
          killGroup(child.pid, 'SIGKILL')
        }
      }
      const result = await exited
      // Helpers (tsx's esbuild service, next's workers) leave with their parent once their pipes close; give
      // them a moment, then make sure none outlives the demo.
      for (let i = 0; i < 30 && groupAlive(child.pid); i++) await sleep(100)
      killGroup(child.pid, 'SIGKILL')
      return { ...result, forced }
    },
  }
}

/** Signals every process of the group led by `pid`; a group that is already gone is fine. */
export function killGroup(pid, signal) {
  if (!pid) return
  try {
    process.kill(-pid, signal)
  } catch (error) {
    if (error.code !== 'ESRCH') throw error
  }
}

/** True while any process of the group led by `pid` exists. */
export function groupAlive(pid) {
  try {
    process.kill(-pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

/** True when something accepts TCP connections on `port` at `host`. */
export function isListening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * Polls `url` until it answers with a status below 500 (or `accept(response)` is true), the service exits, or
 * `timeoutMs` passes. Throws with the reason.
 */
export async function waitForHttp(url, { service, timeoutMs = 120_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    if (service && !service.running) {
      const { code, signal } = await service.exited
      throw new Error(`${service.name} exited (${signal ?? `code ${code}`}) before it was ready`)
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'manual' })
      await response.arrayBuffer()
      if (response.status < 500) return response
      last = `HTTP ${response.status}`
    } catch (error) {
      last = error.cause?.code ?? error.message
    }
    await sleep(intervalMs)
  }
  throw new Error(`${url} was not ready after ${timeoutMs / 1000}s (${last})`)
}

function pipeLines(child, log, onLine) {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk) => {
      log.write(chunk)
      if (!onLine) return
      pending += chunk
      const lines = pending.split(/\r?\n|\r/)
      pending = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) onLine(stripAnsi(line))
    })
  }
}

function stripAnsi(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are control characters
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
}
