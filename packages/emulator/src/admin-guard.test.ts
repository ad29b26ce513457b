import { request } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isLoopbackHost } from './admin-guard'
import { startEmulator } from './start-emulator'
import type { Emulator } from './types'

interface Reply {
  status: number
  type: string | undefined
  body: string
}

/** Raw HTTP, because fetch will not let a test choose `Host`, `Origin` or `Sec-Fetch-Site`. */
function send(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      { method: init.method ?? 'GET', headers: init.headers },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          body += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }))
      },
    )
    req.on('error', reject)
    req.end(init.body)
  })
}

const EVENT = JSON.stringify({
  trackingId: 't1',
  sessionId: 's1',
  eventList: [{ eventType: 'click', sentAt: 1 }],
})
const JSON_TYPE = { 'content-type': 'application/json' }
const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }

let emulator: Emulator
let own: string
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
  own = new URL(emulator.url).host
})
afterAll(() => emulator.stop())
beforeEach(async () => {
  emulator.reset()
  expect(
    (await send(emulator.url, '/events', { method: 'POST', headers: JSON_TYPE, body: EVENT })).status,
  ).toBe(200)
})

const refusedWith = (reply: Reply, status: number, pattern: RegExp) => {
  expect(reply.status).toBe(status)
  expect(reply.type).toBe('application/json; charset=utf-8')
  expect(JSON.parse(reply.body)).toEqual({ message: expect.stringMatching(pattern) })
}

describe('admin API and inspector: who may call them', () => {
  it('answers the inspector page calling from its own origin, under any loopback name', async () => {
    const sameOrigin = { origin: `http://${own}`, 'sec-fetch-site': 'same-origin' }
    const added = await send(emulator.url, '/_emulator/faults', {
      method: 'POST',
      headers: { ...sameOrigin, ...JSON_TYPE },
      body: JSON.stringify({ kind: 'latency', latencyMs: 1 }),
    })
    expect(added.status).toBe(201)
    expect(emulator.faults.list()).toHaveLength(1)
    const records = await send(emulator.url, '/_emulator/records', { headers: sameOrigin })
    expect(JSON.parse(records.body)).toMatchObject({ count: 1 })
    const port = new URL(emulator.url).port
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await send(emulator.url, '/', { headers: { host } })).status).toBe(200)
      const viaName = await send(emulator.url, '/_emulator/records', {
        headers: { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
      })
      expect(viaName.status).toBe(200)
    }
    const reset = await send(emulator.url, '/_emulator/reset', {
      method: 'POST',
      headers: { ...sameOrigin, ...JSON_TYPE },
    })
    expect(reset.status).toBe(200)
    expect(emulator.records()).toEqual([])
  })

  it('refuses a cross-site text/plain POST /_emulator/reset with 403 and keeps the records', async () => {
    const reply = await send(emulator.url, '/_emulator/reset', {
      method: 'POST',
      headers: { ...EVIL, 'content-type': 'text/plain' },
      body: '{}',
    })
    refusedWith(reply, 403, /^Sec-Fetch-Site 'cross-site'/)
    expect(emulator.records()).toHaveLength(1)
  })

  it('refuses same-site callers (another localhost port is the same site) with 403', async () => {
    const reply = await send(emulator.url, '/_emulator/faults', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-site', origin: 'http://localhost:3001', ...JSON_TYPE },
      body: JSON.stringify({ kind: 'throttle' }),
    })
    refusedWith(reply, 403, /^Sec-Fetch-Site 'same-site'/)
    expect(emulator.faults.list()).toEqual([])
  })

  it('refuses a foreign or opaque Origin even without Sec-Fetch-Site (older browsers) with 403', async () => {
    const faults = await send(emulator.url, '/_emulator/faults', {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...JSON_TYPE },
      body: JSON.stringify({ kind: 'throttle' }),
    })
    refusedWith(faults, 403, /^Origin 'https:\/\/evil.example' is not the emulator's own origin/)
    expect(emulator.faults.list()).toEqual([])
    const records = await send(emulator.url, '/_emulator/records', { headers: { origin: 'null' } })
    refusedWith(records, 403, /^Origin 'null'/)
  })

  it('refuses a foreign Host (DNS rebinding) on records, the SSE stream and the inspector page with 403', async () => {
    // A rebinding page is same-origin with itself, so only its hostname gives it away.
    const rebound = { host: `rebind.evil.example:${new URL(emulator.url).port}` }
    const withOrigin = { ...rebound, origin: `http://${rebound.host}`, 'sec-fetch-site': 'same-origin' }
    for (const path of ['/_emulator/records', '/_emulator/stream', '/_emulator/health', '/']) {
      refusedWith(
        await send(emulator.url, path, { headers: withOrigin }),
        403,
        /^Host 'rebind\.evil\.example:\d+' is not a loopback name/,
      )
    }
    const reset = await send(emulator.url, '/_emulator/reset', {
      method: 'POST',
      headers: { ...withOrigin, ...JSON_TYPE },
    })
    refusedWith(reset, 403, /is not a loopback name/)
    expect(emulator.records()).toHaveLength(1)
  })

  it('refuses POST and DELETE without content-type: application/json with 415, changing nothing', async () => {
    emulator.faults.add({ kind: 'latency', latencyMs: 1 })
    const reset = await send(emulator.url, '/_emulator/reset', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    refusedWith(
      reset,
      415,
      /^POST \/_emulator\/reset requires content-type: application\/json \(got 'text\/plain'\)/,
    )
    const form = await send(emulator.url, '/_emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=throttle',
    })
    refusedWith(form, 415, /got 'application\/x-www-form-urlencoded'/)
    refusedWith(await send(emulator.url, '/_emulator/faults', { method: 'DELETE' }), 415, /got none/)
    expect(emulator.records()).toHaveLength(1)
    expect(emulator.faults.list()).toHaveLength(1)
    const withCharset = await send(emulator.url, '/_emulator/faults', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(withCharset.status).toBe(200)
    expect(emulator.faults.list()).toEqual([])
  })

  it('leaves the Personalize routes any Host, but refuses browser headers there too (SDKs never send them)', async () => {
    const reply = await send(emulator.url, '/events', {
      method: 'POST',
      headers: { host: 'personalize.internal.example', ...JSON_TYPE },
      body: EVENT,
    })
    expect(reply.status).toBe(200)
    const browser = await send(emulator.url, '/events', {
      method: 'POST',
      headers: { ...EVIL, ...JSON_TYPE },
      body: EVENT,
    })
    expect(browser.status).toBe(403)
    expect(emulator.records()).toHaveLength(2)
  })
})

describe('bound to every interface', () => {
  it('skips the Host check (its names are unknowable) but still refuses foreign origins', async () => {
    const wide = await startEmulator({ port: 0, host: '0.0.0.0' })
    try {
      const port = new URL(wide.url).port
      const lan = await send(wide.url, '/_emulator/health', { headers: { host: `devbox.lan:${port}` } })
      expect(lan.status).toBe(200)
      expect((await send(wide.url, '/', { headers: { host: `devbox.lan:${port}` } })).status).toBe(200)
      const evil = await send(wide.url, '/_emulator/records', {
        headers: { host: `devbox.lan:${port}`, origin: 'https://evil.example' },
      })
      refusedWith(evil, 403, /^Origin 'https:\/\/evil.example'/)
    } finally {
      await wide.stop()
    }
  })
})

describe('isLoopbackHost', () => {
  it('knows loopback names and addresses, and nothing else', () => {
    for (const h of [
      'localhost',
      'LocalHost',
      '127.0.0.1',
      '127.1.2.3',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(h), h).toBe(true)
    }
    for (const h of ['0.0.0.0', '192.168.1.2', 'localhost.evil.example', '127.0.0.1.nip.io', '::', '']) {
      expect(isLoopbackHost(h), h).toBe(false)
    }
  })
})
