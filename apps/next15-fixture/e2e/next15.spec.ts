import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type NextServer, startNext } from '../../next-fixture/e2e/next-server'

// Next.js 15.5, the lowest version the peer range claims, with the README's files (middleware.ts in place of
// Next 16's proxy.ts): next build + next start against the emulator, delivery by the interval flush.
let app: NextServer

beforeAll(async () => {
  app = await startNext({ appDir: join(import.meta.dirname, '..') })
})
afterAll(async () => {
  await app?.stop()
})

type Records = ReturnType<NextServer['emulator']['records']>

async function settled(predicate: (records: Records) => boolean): Promise<Records> {
  await app.emulator.waitFor(predicate, 20_000)
  await new Promise((resolve) => setTimeout(resolve, 2_500))
  return app.emulator.records({ operation: 'PutEvents' })
}

describe('@personalize-kit/next on Next.js 15', () => {
  it('runs on next 15', async () => {
    const { version } = (await import('next/package.json', { with: { type: 'json' } })).default
    expect(version).toMatch(/^15\./)
  })

  it('records a page view once per request under the session middleware minted', async () => {
    const response = await fetch(`${app.url}/`, { headers: { cookie: 'fixture_user=user-15' } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('viewed')
    const session = /pk_sid=([0-9a-f]{32})/.exec(response.headers.get('set-cookie') ?? '')?.[1]
    expect(session).toBeDefined()

    const records = await settled((all) => all.some((record) => record.sessionId === session))
    expect(records.filter((record) => record.sessionId === session)).toMatchObject([
      { eventType: 'view', itemId: 'home', userId: 'user-15' },
    ])
  })

  it('serves the collector route and the Pages Router handler, batching across requests', async () => {
    const session = '15'.repeat(16)
    const post = (path: string, itemId: string) =>
      fetch(`${app.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: app.url, cookie: `pk_sid=${session}` },
        body: JSON.stringify({ events: [{ eventType: 'click', itemId }] }),
      })
    const statuses = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => post('/api/personalize/events', `app-${i}`)),
      ...Array.from({ length: 5 }, (_, i) => post('/api/pages-router/events', `pages-${i}`)),
    ])
    expect(statuses.map((response) => response.status)).toEqual(Array(10).fill(202))

    const records = await settled((all) => all.filter((record) => record.sessionId === session).length >= 10)
    const mine = records.filter((record) => record.sessionId === session)
    expect(mine).toHaveLength(10)
    expect(new Set(mine.map((record) => record.requestId)).size).toBeLessThanOrEqual(2)
  })
})
