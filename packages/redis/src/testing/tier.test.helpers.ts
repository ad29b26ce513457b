import { availableParallelism, loadavg } from 'node:os'
import type { PersonalizeEventsClientConfig } from '@aws-sdk/client-personalize-events'
import {
  createDispatcher,
  type DeadLetter,
  type DeadLetterReason,
  type Dispatcher,
  type DispatcherOptions,
  type Logger,
} from '@personalize-kit/core'
import { type Emulator, type RequestLogEntry, startEmulator } from '@personalize-kit/emulator'
import { redisTransport } from '../redis-transport'
import { createRelay, type Relay } from '../relay/create-relay'
import type { RelayOptions } from '../relay/options'
import { startTestRedis, type TestRedis } from './redis-server.test.helpers'

/** A logger that keeps nothing (retry lines by the thousand); set PK_TEST_LOG=1 to see them. */
export const quietLogger: Logger = process.env.PK_TEST_LOG
  ? { debug() {}, info: console.info, warn: console.warn, error: console.error }
  : { debug() {}, info() {}, warn() {}, error() {} }

export const TRACKING_ID = 'tid-redis-tier'

export function clientConfigFor(emulator: { url: string }): PersonalizeEventsClientConfig {
  return {
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }
}

/** The data-plane calls the emulator saw, in arrival order. */
export type CallLog = Pick<
  RequestLogEntry,
  'receivedAt' | 'status' | 'operation' | 'recordCount' | 'errorCode'
>[]

export interface Tier {
  redis: TestRedis
  emulator: Emulator
  calls: CallLog
  /** Records in calls the emulator answered 200, counted as they arrive (cheaper to poll than `records()`). */
  stored(): number
  stream: string
  producer(options?: DispatcherOptions & { maxBacklog?: number }): Dispatcher & { deadLetters: DeadLetterLog }
  relay(options?: RelayOptions): Promise<Relay>
  stop(): Promise<void>
}

export interface DeadLetterLog {
  total: number
  byReason: Partial<Record<DeadLetterReason, number>>
  records: DeadLetter[]
}

/**
 * redis-server (AOF on), the emulator (optionally with quotas), and factories for producers and relays. AOF
 * `always` by default: the tests SIGKILL Redis and expect every acknowledged write back, which only `always`
 * guarantees (with `everysec` Redis postpones writes while a slow fsync runs and still replies).
 */
export async function startTier(
  options: { quotas?: Partial<Record<string, number>>; appendfsync?: 'always' | 'everysec' } = {},
): Promise<Tier> {
  const redis = await startTestRedis({ appendfsync: options.appendfsync ?? 'always' })
  const calls: CallLog = []
  let stored = 0
  const emulator = await startEmulator({
    port: 0,
    quiet: true,
    quotas: options.quotas,
    requestLogSize: 10,
    onRequest: (e) => {
      if (e.status === 200) stored += e.recordCount
      calls.push({
        receivedAt: e.receivedAt,
        status: e.status,
        operation: e.operation,
        recordCount: e.recordCount,
        errorCode: e.errorCode,
      })
    },
  })
  const stream = `pk-test-${Math.random().toString(36).slice(2, 8)}`
  const dispatchers: Dispatcher[] = []
  const relays: Relay[] = []
  return {
    redis,
    emulator,
    calls,
    stored: () => stored,
    stream,
    producer(producerOptions = {}) {
      const { maxBacklog, ...rest } = producerOptions
      const deadLetters: DeadLetterLog = { total: 0, byReason: {}, records: [] }
      const dispatcher = createDispatcher({
        trackingId: TRACKING_ID,
        logger: quietLogger,
        onDeadLetter(records, reason) {
          deadLetters.total += records.length
          deadLetters.byReason[reason] = (deadLetters.byReason[reason] ?? 0) + records.length
          deadLetters.records.push(...records)
        },
        transport: redisTransport({ url: redis.url, stream, maxBacklog, logger: quietLogger }),
        ...rest,
      })
      dispatchers.push(dispatcher)
      return Object.assign(dispatcher, { deadLetters })
    },
    async relay(relayOptions = {}) {
      const relay = createRelay({
        url: redis.url,
        stream,
        clientConfig: clientConfigFor(emulator),
        logger: quietLogger,
        claimIntervalMs: 500,
        ...relayOptions,
      })
      relays.push(relay)
      await relay.start()
      return relay
    },
    async stop() {
      await Promise.all(dispatchers.map((d) => d.close({ timeoutMs: 2000 })))
      await Promise.all(relays.map((r) => r.close({ timeoutMs: 2000 })))
      await emulator.stop()
      await redis.stop()
    },
  }
}

/** The most calls that arrived within any `windowMs` (sliding, from each arrival). */
export function worstWindow(times: number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b)
  let worst = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start++
    worst = Math.max(worst, end - start + 1)
  }
  return worst
}

/** Records `perSession` events for each of `sessions` sessions, interleaved; returns the eventIds. */
export function recordMany(
  dispatcher: Dispatcher,
  sessions: number,
  perSession: number,
  prefix = 's',
): string[] {
  const ids: string[] = []
  for (let i = 0; i < perSession; i++)
    for (let s = 0; s < sessions; s++)
      ids.push(
        dispatcher.recordEvent({
          sessionId: `${prefix}-${s}`,
          userId: `u-${s}`,
          eventType: 'click',
          itemId: `i-${i}`,
        }).eventId,
      )
  return ids
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Whether millisecond timing at the service can be trusted: a runner whose load average is beyond 1.5 runnable
 * processes per core stalls processes for longer than the 5 % (50 ms a second) a quota window allows, so there
 * the window and share goals are reported, not asserted. Everything else (nothing lost, duplicates only as
 * repeated eventIds, calls) is asserted everywhere.
 */
export function timingTrustworthy(): boolean {
  const [load] = loadavg()
  const ok = (load as number) <= availableParallelism() * 1.5
  if (!ok)
    console.warn(
      `[@personalize-kit/redis tests] load average ${(load as number).toFixed(1)} on ${availableParallelism()} cores: quota window and share goals are reported, not asserted, in this run`,
    )
  return ok
}

/** Asserts a timing goal when the machine is quiet enough, and reports it either way. */
export function timingGoal(name: string, value: number, met: boolean, trusted: boolean): void {
  console.info(`[@personalize-kit/redis tests] ${name}: ${value} (${met ? 'met' : 'MISSED'})`)
  if (trusted && !met) throw new Error(`${name}: ${value} misses its goal`)
}
