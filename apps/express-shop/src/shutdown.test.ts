import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoCatalog } from './catalog'

const CLOSE_DEADLINE_MS = 8000 // server.ts: handleShutdown(server, { timeoutMs: 8000 })
const VISITORS = 24
const LOAD_BEFORE_SIGTERM_MS = 1500

let emulator: Emulator
let child: ChildProcess | undefined

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await emulator.stop()
})

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

it('under load, SIGTERM stops accepting, flushes within the deadline, exits 0, and loses nothing silently', async () => {
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@personalize-kit/source', 'src/server.ts'],
    {
      cwd,
      // A one-minute interval: whatever is still held at SIGTERM can only leave through the shutdown flush.
      env: { ...process.env, PORT: '0', PERSONALIZE_ENDPOINT: emulator.url, SHOP_FLUSH_INTERVAL_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    child?.stdout?.on('data', (chunk) => {
      output += chunk
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output)
      if (match) resolve(match[1] as string)
    })
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${output}`)))
  })
  const base = url.replace('localhost', '127.0.0.1')

  // Visitors post batches of clicks until the server stops answering; only 202-listed ids count as accepted.
  const accepted = new Set<string>()
  let sent = 0
  const visitor = async (v: number) => {
    let cookie = ''
    for (let i = 0; ; i++) {
      const events = Array.from({ length: 5 }, (_, k) => ({
        eventType: 'click',
        itemId: 'sku-espresso',
        eventId: `visitor-${v}-${i}-${k}`,
      }))
      let response: Response
      try {
        response = await fetch(`${base}/api/personalize/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base, ...(cookie && { cookie }) },
          body: JSON.stringify({ events }),
        })
      } catch {
        return // connection refused or closed: the server has stopped accepting
      }
      sent += events.length
      cookie ||= response.headers.getSetCookie()[0]?.split(';')[0] ?? ''
      const body = (await response.json().catch(() => ({}))) as { accepted?: string[] }
      for (const id of body.accepted ?? []) accepted.add(id)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  const load = Promise.all(Array.from({ length: VISITORS }, (_, v) => visitor(v)))
  await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGTERM_MS))

  // Two calls of the final flush never answer: they can only end as dead letters at the close deadline.
  emulator.faults.add({ operation: 'PutEvents', kind: 'hang', count: 2 })
  const sigtermAt = performance.now()
  child.kill('SIGTERM')
  await new Promise<void>((resolve) => {
    const check = () => (output.includes('SIGTERM: closing the server') ? resolve() : setTimeout(check, 5))
    check()
  })
  expect(await refusesConnections(base)).toBe(true)

  const code = await exited
  const shutdownMs = performance.now() - sigtermAt
  await load
  expect(code, output).toBe(0)
  // The close deadline bounds the whole shutdown (plus process start-up slack, not a timing benchmark).
  expect(shutdownMs).toBeLessThan(CLOSE_DEADLINE_MS + 4000)

  const flushed = /flushed: (\d+) delivered, (\d+) dead-lettered, (\d+) pending/.exec(output)
  expect(flushed, output).not.toBeNull()
  const [, , deadLettered, pending] = (flushed as RegExpExecArray).map(Number)
  expect(pending).toBe(0)
  expect(deadLettered).toBeGreaterThan(0)
  expect(output).toMatch(/dead-lettered: shutdown-timeout/)

  expect(sent).toBeGreaterThan(accepted.size / 2)
  expect(accepted.size).toBeGreaterThan(100)
  const storedEvents = emulator.records({ operation: 'PutEvents' })
  const storedIds = storedEvents.map((r) => r.eventId as string)
  expect(new Set(storedIds).size).toBe(storedIds.length)
  expect(storedIds.filter((id) => !accepted.has(id))).toEqual([])
  // No silent loss: every accepted record (the clicks, and the catalog sent with putItem at start-up) is either
  // stored at the service or reported as a dead letter.
  const storedItems = emulator.records({ operation: 'PutItems' }).length
  expect(storedEvents.length + storedItems + (deadLettered as number)).toBe(
    accepted.size + demoCatalog().length,
  )
}, 60_000)
