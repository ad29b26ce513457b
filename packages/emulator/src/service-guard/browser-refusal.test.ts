import { PersonalizeEventsClient, PutEventsCommand } from '@aws-sdk/client-personalize-events'
import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../start-emulator'
import type { Emulator } from '../types'

const running: Emulator[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()))
})

const body = JSON.stringify({
  trackingId: 't',
  sessionId: 's',
  eventList: [{ eventType: 'view', sentAt: 1 }],
})

describe('service routes refuse browser requests', () => {
  it.each([
    ['Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
  ])('refuses a call carrying %s with 403 and stores nothing', async (_name, headers) => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    running.push(emulator)
    // What `fetch(url, { mode: 'no-cors', body: blob })` sends: no Content-Type, browser headers.
    const res = await fetch(`${emulator.url}/events`, { method: 'POST', headers, body })
    expect(res.status).toBe(403)
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException')
    const answer = (await res.json()) as { message: string }
    expect(answer.message).toMatch(/browser/i)
    expect(answer.message).toContain(Object.keys(headers)[0] === 'origin' ? 'Origin' : 'Sec-Fetch-Site')
    expect(emulator.records()).toEqual([])
    expect(emulator.requests()[0]).toMatchObject({ status: 403, outcome: 'auth' })
  })

  it('still serves SDK calls and Sec-Fetch-Site: none (typed in the address bar)', async () => {
    const emulator = await startEmulator({ port: 0, quiet: true })
    running.push(emulator)
    const client = new PersonalizeEventsClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    })
    await client.send(
      new PutEventsCommand({
        trackingId: 't',
        sessionId: 's',
        eventList: [{ eventType: 'a', sentAt: new Date() }],
      }),
    )
    const res = await fetch(`${emulator.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'none' },
      body,
    })
    expect(res.status).toBe(200)
    expect(emulator.records()).toHaveLength(2)
  })
})
