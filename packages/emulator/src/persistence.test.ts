import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from './start-emulator'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pk-emulator-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const send = (url: string, eventId: string) =>
  fetch(`${url}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      trackingId: 't',
      sessionId: 's',
      eventList: [{ eventType: 'view', sentAt: 1700000000, eventId }],
    }),
  })

describe('persistence with data: <file>', () => {
  it('replays records after a restart, keeping seq numbers and duplicate detection', async () => {
    const data = join(dir, 'nested', 'records.jsonl')
    const first = await startEmulator({ port: 0, data })
    await send(first.url, 'e1')
    await send(first.url, 'e2')
    await first.stop()
    // One line with the raw request, one per record.
    expect(readFileSync(data, 'utf8').trim().split('\n')).toHaveLength(4)

    const second = await startEmulator({ port: 0, data })
    const firstRecord = second.records()[0]
    expect(JSON.parse(second.rawRequest(firstRecord?.requestId ?? '') ?? '{}')).toMatchObject({
      trackingId: 't',
      sessionId: 's',
    })
    expect(second.records().map((r) => [r.seq, r.eventId])).toEqual([
      [1, 'e1'],
      [2, 'e2'],
    ])
    await send(second.url, 'e1')
    expect(second.records()[2]).toMatchObject({ seq: 3, eventId: 'e1', duplicateEventId: true })
    const health = (await (await fetch(`${second.url}/_emulator/health`)).json()) as { replayed: number }
    expect(health.replayed).toBe(2)
    await second.stop()
  })

  it('skips a torn last line left by a crash instead of refusing to start', async () => {
    const data = join(dir, 'records.jsonl')
    const first = await startEmulator({ port: 0, data })
    await send(first.url, 'e1')
    await first.stop()
    appendFileSync(data, '{"seq":2,"operat')
    const second = await startEmulator({ port: 0, data })
    expect(second.records()).toHaveLength(1)
    await send(second.url, 'e2')
    await second.stop()
    const third = await startEmulator({ port: 0, data })
    expect(third.records().map((r) => r.eventId)).toEqual(['e1', 'e2'])
    await third.stop()
  })

  it('reset() empties the file too', async () => {
    const data = join(dir, 'records.jsonl')
    const first = await startEmulator({ port: 0, data })
    await send(first.url, 'e1')
    first.reset()
    await send(first.url, 'e2')
    await first.stop()
    const second = await startEmulator({ port: 0, data })
    expect(second.records().map((r) => r.eventId)).toEqual(['e2'])
    await second.stop()
  })
})
