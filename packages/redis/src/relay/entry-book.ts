import type { DeadLetterReason, Logger, Operation } from '@personalize-kit/core'
import { decodeBatch, type StreamBatch } from '../stream/entry'
import type { StreamKeys } from '../stream/keys'
import type { ScriptedRedis } from '../stream/scripts'
import type { RelayStats } from './create-relay'
import { type HeldEntry, type HeldRecord, letterFields } from './held-entry'
import type { RelayMetrics } from './metrics'
import type { Sleeper } from './sleeper'

const PREFIX = '[@personalize-kit/redis]'

/** What the book needs from the relay around it. */
export interface EntryBookDeps {
  redis: ScriptedRedis
  keys: StreamKeys
  stats: RelayStats
  metrics: RelayMetrics
  logger: Logger
  sleeper: Sleeper
  maxHeldRecords: number
  /** Hands a record to the call pipeline. */
  add(info: Pick<StreamBatch, 'operation' | 'target' | 'sessionId' | 'userId'>, record: HeldRecord): void
}

/**
 * The entries a relay holds, from read (or claim) to acknowledgement: each record settles as delivered or
 * dead-lettered, and the entry is acknowledged with its dead letters, atomically, once all of them did.
 */
export function createEntryBook(deps: EntryBookDeps) {
  const { redis, keys, stats, metrics, logger, sleeper } = deps
  const held = new Map<string, HeldEntry>()
  let roomWaiter: (() => void) | undefined

  function deadLetter(
    operation: Operation,
    records: HeldRecord[],
    reason: DeadLetterReason,
    message: string,
  ): void {
    stats.deadLettered += records.length
    stats.deadLetteredByReason[reason] = (stats.deadLetteredByReason[reason] ?? 0) + records.length
    metrics.deadLettered(operation, reason, records.length)
    logger.warn(
      { operation, reason, records: records.length, error: message },
      `${PREFIX} ${records.length} record(s) dead-lettered: ${reason}`,
    )
    for (const record of records) {
      record.entry.letters.push({ reason, message, records: [record.data] })
      settleRecord(record)
    }
  }

  function settleRecord(record: HeldRecord): void {
    const entry = record.entry
    entry.remaining--
    if (entry.remaining === 0) void acknowledge(entry)
  }

  /** XACK with the entry's dead letters, atomically; retried until Redis answers or the relay stops. */
  async function acknowledge(entry: HeldEntry): Promise<void> {
    const letters = JSON.stringify(letterFields(entry, Date.now()))
    for (;;) {
      try {
        const { stream, backlog, dead, group } = keys
        await redis.pkSettle(stream, backlog, dead, group, entry.id, entry.batch.records.length, letters)
        stats.acknowledged++
        break
      } catch (error) {
        if (sleeper.stopped) break
        logger.debug({ err: String(error) }, `${PREFIX} acknowledging ${entry.id} failed; retrying`)
        await sleeper.sleep(500)
      }
    }
    release(entry)
  }

  function release(entry: HeldEntry): void {
    if (!held.delete(entry.id)) return
    stats.held -= entry.batch.records.length
    if (roomWaiter && stats.held < deps.maxHeldRecords) roomWaiter()
  }

  /** Takes an entry into the pipeline; an unreadable one is dead-lettered whole. */
  function accept(id: string, fields: string[], resend: boolean, poison?: string): void {
    if (held.has(id)) return
    stats.entriesRead++
    let entry: HeldEntry
    try {
      const batch = decodeBatch(fields)
      entry = { id, batch, remaining: batch.records.length, letters: [], resend }
    } catch (error) {
      const raw = {
        operation: 'PutEvents' as Operation,
        target: '(unreadable)',
        records: [{ fields }],
        enqueuedAt: 0,
      }
      entry = { id, batch: raw, remaining: 0, letters: [], resend }
      entry.letters.push({
        reason: 'rejected',
        message: String((error as Error).message),
        records: [{ fields }],
      })
      held.set(id, entry)
      stats.held += 1
      stats.deadLettered += 1
      stats.deadLetteredByReason.rejected = (stats.deadLetteredByReason.rejected ?? 0) + 1
      void acknowledge(entry)
      return
    }
    held.set(id, entry)
    stats.held += entry.batch.records.length
    const { operation, target, sessionId, userId } = entry.batch
    if (poison !== undefined) {
      const records = entry.batch.records.map((data) => ({ entry, data }))
      deadLetter(operation, records, 'retries-exhausted', poison)
      return
    }
    for (const data of entry.batch.records)
      deps.add({ operation, target, sessionId, userId }, { entry, data })
  }

  function waitForRoom(): Promise<void> {
    if (stats.held < deps.maxHeldRecords) return Promise.resolve()
    return new Promise((resolve) => {
      roomWaiter = () => {
        roomWaiter = undefined
        resolve()
      }
    })
  }

  return {
    held,
    accept,
    deadLetter,
    settleRecord,
    waitForRoom,
    /** Releases a reader waiting for room (the relay is closing). */
    wake: () => roomWaiter?.(),
  }
}

export type EntryBook = ReturnType<typeof createEntryBook>
