import type { DeadLetterReason } from '@personalize-kit/core'
import type { StreamBatch } from '../stream/entry'

/** One record the relay holds, with the entry it came from. */
export interface HeldRecord {
  entry: HeldEntry
  data: Record<string, unknown>
}

/** Records of one entry that will never be delivered, with why. */
export interface EntryLetter {
  reason: DeadLetterReason
  message: string
  records: Record<string, unknown>[]
}

/** A stream entry this relay read or claimed, until it is acknowledged. */
export interface HeldEntry {
  id: string
  batch: StreamBatch
  /** Records not yet delivered or dead-lettered. */
  remaining: number
  letters: EntryLetter[]
  /** Read before by a relay that did not acknowledge it: its records may already be stored. */
  resend: boolean
}

/** The `<stream>:dead` fields for an entry's letters, as the settle script stores them. */
export function letterFields(entry: HeldEntry, now: number): string[][] {
  const byCause = new Map<string, EntryLetter>()
  for (const letter of entry.letters) {
    const key = `${letter.reason}\u0000${letter.message}`
    const existing = byCause.get(key)
    if (existing) existing.records.push(...letter.records)
    else byCause.set(key, { ...letter, records: [...letter.records] })
  }
  const { batch } = entry
  return [...byCause.values()].map((letter) => {
    const fields = [
      'reason',
      letter.reason,
      'message',
      letter.message,
      'op',
      batch.operation,
      't',
      batch.target,
    ]
    if (batch.sessionId !== undefined) fields.push('s', batch.sessionId)
    if (batch.userId !== undefined) fields.push('u', batch.userId)
    fields.push(
      'n',
      String(letter.records.length),
      'r',
      JSON.stringify(letter.records),
      'source',
      entry.id,
      'at',
      String(now),
    )
    return fields
  })
}
