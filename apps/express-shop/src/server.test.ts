import type { ChildProcess } from 'node:child_process'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { spawnShop } from './spawn-shop.test.helpers'

let emulator: Emulator
let child: ChildProcess | undefined

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, quiet: true })
})
afterAll(async () => {
  child?.kill('SIGKILL')
  await emulator.stop()
})

it('on SIGTERM stops accepting, flushes held events and exits 0', async () => {
  const shop = await spawnShop(emulator.url)
  child = shop.child
  const { url } = shop

  const response = await fetch(`${url}/api/personalize/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sku-tea', eventId: 'before-sigterm' }] }),
  })
  expect(response.status).toBe(202)
  expect(emulator.records({ eventId: 'before-sigterm' })).toHaveLength(0)

  child.kill('SIGTERM')
  expect(await shop.exited).toBe(0)
  expect(emulator.records({ eventId: 'before-sigterm' })).toHaveLength(1)
  expect(emulator.records({ operation: 'PutItems' }).length).toBeGreaterThan(0)
  expect(shop.output()).toContain('SIGTERM: closing the server and flushing Personalize events')
})
