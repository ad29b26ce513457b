// Child processes and HTTP for the newcomer test: start a command, wait for a URL to answer, stop it.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** Starts `cmd args` in `cwd`, keeping its output (printed on failure) and its exit. */
export function start(name, cmd, args, { cwd, env }) {
  // Its own process group, so a stop reaches the whole tree (npx → sh → node), leaving no orphan behind.
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const proc = { name, child, output: '', exited: undefined }
  const keep = (chunk) => {
    proc.output += chunk
    if (proc.output.length > 200_000) proc.output = proc.output.slice(-100_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  proc.exit = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      proc.exited = { code, signal }
      resolve(proc.exited)
    }),
  )
  return proc
}

/** Resolves once `url` answers any HTTP status; fails if `proc` exits first or after `timeoutMs`. */
export async function waitForHttp(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${proc.name} exited (${JSON.stringify(proc.exited)}):\n${proc.output}`)
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) })
      return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output}`)
}

/** SIGTERM to its process group, then the exit (SIGKILL after `graceMs`). */
export async function stop(proc, graceMs = 15_000) {
  if (proc.exited) return proc.exited
  const signal = (name) => {
    try {
      process.kill(-proc.child.pid, name)
    } catch {}
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), graceMs)
  const exited = await proc.exit
  clearTimeout(timer)
  return exited
}

/** The emulator as the READMEs start it (`npx @personalize-kit/emulator`), installed in `dir`, on `port`. */
export function startEmulator(dir, port) {
  const proc = start('emulator', 'npx', ['@personalize-kit/emulator', '--port', String(port)], { cwd: dir })
  return { proc, url: `http://127.0.0.1:${port}` }
}
