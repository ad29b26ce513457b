import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { DeadLetterReason, Dispatcher } from '../types'
import { createDispatcher } from './create-dispatcher'
import { silentLogger } from './harness.test.helpers'

let dispatcher: Dispatcher | undefined
afterEach(async () => {
  await dispatcher?.close({ timeoutMs: 0 })
})

/** A loopback port nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('an unreachable endpoint is not silent', () => {
  it('warns once per endpoint at the first connection failure (URL and code), and dead letters carry the last error', async () => {
    const port = await closedPort()
    const endpoint = `http://127.0.0.1:${port}`
    const logger = silentLogger()
    const letters: { reason: DeadLetterReason; error: unknown; count: number }[] = []
    dispatcher = createDispatcher({
      trackingId: 'tid',
      clientConfig: {
        endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
      flushIntervalMs: 10,
      retry: { baseDelayMs: 20, maxDelayMs: 50 },
      logger,
      onDeadLetter: (records, reason, error) => letters.push({ reason, error, count: records.length }),
    })
    dispatcher.recordEvent({ sessionId: 'a', eventType: 'view' })
    dispatcher.recordEvent({ sessionId: 'b', eventType: 'view' })
    const warnings = () => logger.lines.filter((line) => line.level === 'warn')
    await expect.poll(() => dispatcher?.stats().retried ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(4)
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]?.msg).toContain(endpoint)
    expect(warnings()[0]?.msg).toContain('ECONNREFUSED')
    expect(warnings()[0]?.msg).toMatch(/^\[@personalize-kit\/core\] /)

    const report = await dispatcher.close({ timeoutMs: 100 })
    expect(report).toMatchObject({
      delivered: 0,
      deadLettered: 2,
      deadLetteredByReason: { 'shutdown-timeout': 2 },
    })
    expect(letters.map((letter) => letter.reason)).toEqual(['shutdown-timeout', 'shutdown-timeout'])
    for (const letter of letters) expect(letter.error).toMatchObject({ code: 'ECONNREFUSED' })
    // Still one connection warning (plus the dead-letter lines, which now name the error).
    expect(warnings().filter((line) => String(line.msg).includes('ECONNREFUSED'))).toHaveLength(1)
  })
})
