import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type Emulator, startEmulator } from '@personalize-kit/emulator'
import { afterAll, beforeAll, expect, it } from 'vitest'

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
  const cwd = fileURLToPath(new URL('..', import.meta.url))
  child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@personalize-kit/source', 'src/server.ts'],
    {
      cwd,
      // A one-minute flush interval: only the shutdown flush can deliver the event in time.
      env: { ...process.env, PORT: '0', PERSONALIZE_ENDPOINT: emulator.url, SHOP_FLUSH_INTERVAL_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const url = await new Promise<string>((resolve, reject) => {
    child?.stdout?.on('data', (chunk) => {
      output += chunk
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output)
      if (match) resolve(match[1] as string)
    })
    child?.once('exit', (code) => reject(new Error(`server exited early (${code}): ${output}`)))
  })

  const response = await fetch(`${url}/api/personalize/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ events: [{ eventType: 'click', itemId: 'sku-tea', eventId: 'before-sigterm' }] }),
  })
  expect(response.status).toBe(202)
  expect(emulator.records({ eventId: 'before-sigterm' })).toHaveLength(0)

  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  expect(emulator.records({ eventId: 'before-sigterm' })).toHaveLength(1)
  expect(emulator.records({ operation: 'PutItems' }).length).toBeGreaterThan(0)
  expect(output).toContain('SIGTERM: closing the server and flushing Personalize events')
})
