import type { ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoCatalog } from './catalog'
import { spawnShop } from './spawn-shop.test.helpers'

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
  // A one-minute interval: whatever is still held at SIGTERM can only leave through the shutdown flush.
  const shop = await spawnShop(emulator.url)
  child = shop.child
  const { url, exited } = shop
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
    const check = () =>
      shop.output().includes('SIGTERM: closing the server') ? resolve() : setTimeout(check, 5)
    check()
  })
  expect(await refusesConnections(base)).toBe(true)

  const code = await exited
  const shutdownMs = performance.now() - sigtermAt
  await load
  expect(code, shop.output()).toBe(0)
  // The close deadline bounds the whole shutdown (plus process start-up slack, not a timing benchmark).
  expect(shutdownMs).toBeLessThan(CLOSE_DEADLINE_MS + 4000)

  const output = shop.output()
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
