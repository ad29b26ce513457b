import {
  classifyError,
  type DeadLetterReason,
  fullJitterDelay,
  type Logger,
  type TransportCall,
} from '@personalize-kit/core'
import { callFromBatch, groupKey, type StreamBatch } from '../stream/entry'
import type { HeldRecord } from './held-entry'
import type { ResolvedRelayOptions } from './options'
import type { Sleeper } from './sleeper'

type GroupInfo = Pick<StreamBatch, 'operation' | 'target' | 'sessionId' | 'userId'>

/** Records of one group on their way into one call (at most 10). */
interface PendingCall {
  key: string
  info: GroupInfo
  records: HeldRecord[]
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'bisect'; error: unknown }
  | { kind: 'dead'; reason: DeadLetterReason; error: unknown }
  | { kind: 'stopped' }

/** What the pipeline needs from the relay around it. */
export interface PipelineHooks {
  send(call: TransportCall): Promise<void>
  acquire(operation: GroupInfo['operation']): Promise<boolean>
  penalize(operation: GroupInfo['operation']): void
  delivered(info: GroupInfo, records: HeldRecord[], ms: number): void
  dead(info: GroupInfo, records: HeldRecord[], reason: DeadLetterReason, error: unknown): void
  failedCall(info: GroupInfo, size: number, ms: number): void
  retried(count: number): void
}

const MAX_BATCH = 10

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

/**
 * Merges records of the same group (from any number of entries) into calls of up to 10 and sends them under the
 * relay's concurrency cap. A call waiting for a free slot keeps taking records of its group, so with a backlog
 * calls are full whatever size the producers' batches had.
 */
export function createCallPipeline(
  config: ResolvedRelayOptions,
  hooks: PipelineHooks,
  sleeper: Sleeper,
  logger: Logger,
) {
  const open = new Map<string, PendingCall>()
  const waiting: PendingCall[] = []
  let waitingHead = 0
  let active = 0
  let idle: (() => void) | undefined

  function add(info: GroupInfo, record: HeldRecord): void {
    const key = groupKey(info)
    let call = open.get(key)
    if (call === undefined || call.records.length >= MAX_BATCH) {
      call = { key, info, records: [] }
      open.set(key, call)
      waiting.push(call)
    }
    call.records.push(record)
  }

  function pump(): void {
    while (active < config.concurrency && waitingHead < waiting.length) {
      const call = waiting[waitingHead++] as PendingCall
      if (open.get(call.key) === call) open.delete(call.key)
      active++
      void run(call).finally(() => {
        active--
        pump()
      })
    }
    if (waitingHead > 1024 && waitingHead * 2 > waiting.length) {
      waiting.splice(0, waitingHead)
      waitingHead = 0
    }
    if (active === 0 && waitingHead >= waiting.length && idle) idle()
  }

  async function run(call: PendingCall): Promise<void> {
    const parts: HeldRecord[][] = [call.records]
    try {
      while (parts.length > 0) {
        const part = parts[0] as HeldRecord[]
        const outcome = await sendWithRetries(call.info, part)
        if (outcome.kind === 'stopped') return
        parts.shift()
        if (outcome.kind === 'ok') continue
        if (outcome.kind === 'bisect') {
          if (part.length === 1) hooks.dead(call.info, part, 'invalid-input', outcome.error)
          else {
            const middle = Math.ceil(part.length / 2)
            parts.unshift(part.slice(0, middle), part.slice(middle))
          }
        } else hooks.dead(call.info, part, outcome.reason, outcome.error)
      }
    } catch (error) {
      // Only a bug gets here: leave the records unacknowledged so another relay (or a restart) retries them.
      logger.error({ err: describe(error) }, '[@personalize-kit/redis] unexpected error while sending a call')
    }
  }

  async function sendWithRetries(info: GroupInfo, part: HeldRecord[]): Promise<Outcome> {
    const { retry } = config
    for (let attempt = 1; ; attempt++) {
      if (!(await hooks.acquire(info.operation))) return { kind: 'stopped' }
      const call = callFromBatch({ ...info, records: part.map((r) => r.data) })
      const started = performance.now()
      let error: unknown
      try {
        await hooks.send(call)
        hooks.delivered(info, part, performance.now() - started)
        return { kind: 'ok' }
      } catch (caught) {
        error = caught
      }
      hooks.failedCall(info, part.length, performance.now() - started)
      const action = classifyError(error)
      if (action.kind === 'bisect') return { kind: 'bisect', error }
      if (action.kind === 'dead') return { kind: 'dead', reason: action.reason, error }
      if (sleeper.stopped) return { kind: 'stopped' }
      if (attempt >= retry.maxAttempts) return { kind: 'dead', reason: 'retries-exhausted', error }
      hooks.retried(part.length)
      if (action.throttled) hooks.penalize(info.operation)
      const base = action.throttled ? retry.throttleBaseDelayMs : retry.baseDelayMs
      const delay = fullJitterDelay(attempt, base, retry.maxDelayMs, Math.random)
      logger.debug(
        { operation: info.operation, records: part.length, attempt, delayMs: delay, error: describe(error) },
        '[@personalize-kit/redis] call failed, retrying',
      )
      await sleeper.sleep(delay)
    }
  }

  return {
    add,
    pump,
    /** Calls waiting or in flight. */
    get busy(): number {
      return active + (waiting.length - waitingHead)
    },
    /** Resolves when nothing waits or is in flight. */
    drained(): Promise<void> {
      if (active === 0 && waitingHead >= waiting.length) return Promise.resolve()
      return new Promise((resolve) => {
        idle = () => {
          idle = undefined
          resolve()
        }
      })
    },
  }
}
