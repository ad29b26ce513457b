import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
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

  it('a failed write to the data file leaves memory and file agreeing (the client gets 500, nothing is kept)', async () => {
    const data = join(dir, 'records.jsonl')
    const emulator = await startEmulator({ port: 0, data, quiet: true })
    expect((await send(emulator.url, 'e1')).status).toBe(200)
    // Make the file unwritable mid-run: as root chmod would not stop us, so cap this process's file size at
    // the file's current size (Node ignores SIGXFSZ, so the write fails with EFBIG like a full disk would).
    const limit = statSync(data).size
    execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${limit}:unlimited`])
    let failed: Response
    try {
      failed = await send(emulator.url, 'e2')
    } finally {
      execFileSync('prlimit', ['--pid', String(process.pid), '--fsize=unlimited:unlimited'])
    }
    expect(failed.status).toBe(500)
    expect(emulator.records().map((r) => r.eventId)).toEqual(['e1'])
    expect(statSync(data).size).toBe(limit)
    expect((await send(emulator.url, 'e3')).status).toBe(200)
    expect(emulator.records().map((r) => [r.seq, r.eventId, r.duplicateEventId])).toEqual([
      [1, 'e1', false],
      [2, 'e3', false],
    ])
    await emulator.stop()
    const again = await startEmulator({ port: 0, data, quiet: true })
    expect(again.records().map((r) => r.eventId)).toEqual(['e1', 'e3'])
    // e2 was never stored, so sending it now is not a duplicate.
    await send(again.url, 'e2')
    expect(again.records().at(-1)).toMatchObject({ eventId: 'e2', duplicateEventId: false })
    await again.stop()
  })

  it('starts from a data file larger than the largest string (read line by line)', async () => {
    const data = join(dir, 'big.jsonl')
    const first = await startEmulator({ port: 0, data, quiet: true })
    await send(first.url, 'e1')
    await first.stop()
    // 530 unreadable 1 MiB lines: past V8's ~512 MiB string limit that a whole-file read hits.
    const fd = openSync(data, 'a')
    const junk = Buffer.alloc(1024 * 1024, 'x')
    junk[junk.length - 1] = 0x0a
    for (let i = 0; i < 530; i++) writeSync(fd, junk)
    closeSync(fd)
    const big = await startEmulator({ port: 0, data, quiet: true })
    try {
      expect(big.records().map((r) => r.eventId)).toEqual(['e1'])
    } finally {
      await big.stop()
      rmSync(data)
    }
  }, 120_000) // 530 MiB of disk I/O: slow on a loaded machine
})

describe('maxRecords', () => {
  it('evicts the oldest records beyond the cap and counts them in stats and health', async () => {
    const emulator = await startEmulator({ port: 0, maxRecords: 3, quiet: true })
    for (const id of ['e1', 'e2', 'e3', 'e4', 'e5']) await send(emulator.url, id)
    expect(emulator.records().map((r) => r.eventId)).toEqual(['e3', 'e4', 'e5'])
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as Record<string, unknown>
    expect(stats).toMatchObject({ records: 3, evicted: 2, maxRecords: 3 })
    const health = (await (await fetch(`${emulator.url}/_emulator/health`)).json()) as Record<string, unknown>
    expect(health).toMatchObject({ records: 3, evicted: 2, maxRecords: 3 })
    await emulator.stop()
  })

  it('caps what a data file replays on start, keeping the newest', async () => {
    const data = join(dir, 'records.jsonl')
    const first = await startEmulator({ port: 0, data, quiet: true })
    for (const id of ['e1', 'e2', 'e3', 'e4']) await send(first.url, id)
    await first.stop()
    const second = await startEmulator({ port: 0, data, maxRecords: 2, quiet: true })
    expect(second.records().map((r) => r.eventId)).toEqual(['e3', 'e4'])
    const stats = (await (await fetch(`${second.url}/_emulator/stats`)).json()) as Record<string, unknown>
    expect(stats).toMatchObject({ evicted: 2 })
    await second.stop()
  })

  it('defaults to 1,000,000 and refuses a cap below 1', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    const health = (await (await fetch(`${emulator.url}/_emulator/health`)).json()) as Record<string, unknown>
    expect(health.maxRecords).toBe(1_000_000)
    await emulator.stop()
    await expect(startEmulator({ port: 0, maxRecords: 0 })).rejects.toThrow(/maxRecords/)
  })
})
