import type { DeadLetterReason, Operation } from '../types'
import { GroupIndex } from './group-index'
import type { ResolvedOptions } from './resolve-options'

/** The books of one dispatcher: `accepted = delivered + deadLettered + queued + inFlight` at every moment. */
export interface Counters {
  accepted: number
  queued: number
  inFlight: number
  delivered: number
  deadLettered: number
  retried: number
  calls: number
  invalid: number
  refused: number
}

/**
 * What the parts of one dispatcher (accepting, deadlines, sending, settling, flush/close) share. One plain object
 * per dispatcher, so every part reads the same fields without closures over each other.
 */
export interface DispatcherState {
  readonly config: ResolvedOptions
  /** Record times (`sentAt`, `timestamp`) are kept relative to this wall-clock time (see records.ts). */
  readonly timeBase: number
  /**
   * Acceptance times (`at`) are kept relative to this `performance.now()` reading: deadlines run on the monotonic
   * clock, so a wall clock stepped back (NTP, a VM resumed) neither delays nor hurries a batch.
   */
  readonly clockBase: number
  readonly counters: Counters
  readonly deadLetteredByReason: Record<DeadLetterReason, number>
  readonly acceptedByOperation: Record<Operation, number>
  readonly groups: GroupIndex
  /** The seq of the next accepted record. */
  nextSeq: number
  /** Records with a smaller seq were accepted before a pending `flush()` and are due now. */
  flushSeq: number
  /** `close()` was called: nothing more is accepted and everything held is due. */
  closing: boolean
  /** `close()`'s deadline passed: whatever is still held is dead-lettered. */
  expired: boolean
}

export function createState(config: ResolvedOptions): DispatcherState {
  return {
    config,
    timeBase: Date.now(),
    clockBase: performance.now(),
    counters: {
      accepted: 0,
      queued: 0,
      inFlight: 0,
      delivered: 0,
      deadLettered: 0,
      retried: 0,
      calls: 0,
      invalid: 0,
      refused: 0,
    },
    deadLetteredByReason: {
      'invalid-input': 0,
      'resource-not-found': 0,
      rejected: 0,
      'retries-exhausted': 0,
      'queue-full': 0,
      'shutdown-timeout': 0,
      'backlog-full': 0,
    },
    acceptedByOperation: {
      PutEvents: 0,
      PutItems: 0,
      PutUsers: 0,
      PutActions: 0,
      PutActionInteractions: 0,
    },
    groups: new GroupIndex(),
    nextSeq: 0,
    flushSeq: 0,
    closing: false,
    expired: false,
  }
}

/** Records held: queued or in flight. */
export function held(state: DispatcherState): number {
  return state.counters.queued + state.counters.inFlight
}

/** Milliseconds since `clockBase`, whole (small integers stay unboxed in records). */
export function clockNow(state: DispatcherState): number {
  return Math.floor(performance.now() - state.clockBase)
}
