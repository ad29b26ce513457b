import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { PersonalizeEventsClientConfig } from '@aws-sdk/client-personalize-events'
import type { Emulator, RequestLogEntry } from '@personalize-kit/emulator'
import type { DeadLetter, DeadLetterReason, Dispatcher, Logger } from '../types'

/** A logger that keeps nothing: these tests produce tens of thousands of retry lines. */
export const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/** Real SDK settings for an emulator (the SigV4 signature is computed and checked on every call). */
export function clientConfigFor(emulator: { url: string }): PersonalizeEventsClientConfig {
  return {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
}

export interface DeadLetterLog {
  calls: { records: DeadLetter[]; reason: DeadLetterReason; error: unknown }[]
  byReason: Partial<Record<DeadLetterReason, number>>
  total: number
  handler: (records: DeadLetter[], reason: DeadLetterReason, error?: unknown) => void
}

/**
 * Collects dead letters. `keep: false` only counts them, so a test that overflows on purpose does not grow the
 * heap it is measuring.
 */
export function deadLetterLog({ keep = true } = {}): DeadLetterLog {
  const log: DeadLetterLog = {
    calls: [],
    byReason: {},
    total: 0,
    handler(records, reason, error) {
      log.total += records.length
      log.byReason[reason] = (log.byReason[reason] ?? 0) + records.length
      if (keep) log.calls.push({ records, reason, error })
    },
  }
  return log
}

/** Counts what the emulator did to each data-plane call (passed as its `onRequest`). */
export function callCounter() {
  const counts = { calls: 0, ok: 0, failed: 0, byFault: {} as Record<string, number> }
  return {
    counts,
    onRequest(entry: RequestLogEntry) {
      counts.calls++
      if (entry.status === 200) counts.ok++
      else counts.failed++
      if (entry.fault) counts.byFault[entry.fault] = (counts.byFault[entry.fault] ?? 0) + 1
    },
  }
}

/** Resolves once the dispatcher holds fewer than `limit` records: how a well-behaved producer backs off. */
export async function belowHeld(dispatcher: Dispatcher, limit: number): Promise<void> {
  for (;;) {
    const { queued, inFlight } = dispatcher.stats()
    if (queued + inFlight < limit) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))
}

/** A full garbage collection without `--expose-gc` on the command line, then the heap in use. */
export function heapAfterGc(): number {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** Asserts nothing was dead-lettered and explains what was if something was. */
export function describeDeadLetters(log: DeadLetterLog): string {
  return log.calls
    .slice(0, 5)
    .map((c) => `${c.records.length} × ${c.reason}: ${String((c.error as Error | undefined)?.message ?? '')}`)
    .join('\n')
}

export type { Emulator }
