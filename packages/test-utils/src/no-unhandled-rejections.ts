// Vitest setup file: a promise rejection nobody handled fails the test it happened in. Vitest alone only reports
// such errors for the whole run; a lost rejection is how "nothing lost silently" breaks, so each test owns its.
import { afterAll, afterEach, beforeAll } from 'vitest'

const PREFIX = '[@personalize-kit/test-setup]'
const pending: unknown[] = []
const onRejection = (reason: unknown) => {
  pending.push(reason)
}

function failOnPending(when: string): void {
  if (pending.length === 0) return
  const reasons = pending.splice(0)
  const first = reasons[0]
  const detail = first instanceof Error ? (first.stack ?? first.message) : String(first)
  throw new Error(`${PREFIX} ${reasons.length} unhandled promise rejection(s) ${when}: ${detail}`, {
    cause: first,
  })
}

// Registered per test file and removed after it, so a worker that runs many files never piles up listeners.
beforeAll(() => {
  process.on('unhandledRejection', onRejection)
})

afterEach(async () => {
  // Node reports an unhandled rejection only after the microtask queue drains; let it.
  await new Promise((resolve) => setImmediate(resolve))
  failOnPending('during this test')
})

afterAll(async () => {
  await new Promise((resolve) => setImmediate(resolve))
  process.off('unhandledRejection', onRejection)
  failOnPending('after the last test of this file')
})
