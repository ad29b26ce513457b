import {
  closeSync,
  createReadStream,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import type { IssuedRecommendation } from './runtime/runtime-types'
import type { StoredRecord } from './types'

/** What one line of the data file held: a record, a raw request body, or something unreadable. */
type LoadedLine =
  | { record: StoredRecord }
  | { requestId: string; raw: string }
  | { recommendation: IssuedRecommendation }
  | undefined

function parseLine(line: string): LoadedLine {
  try {
    const r = JSON.parse(line) as StoredRecord & { raw?: unknown; recommendation?: IssuedRecommendation }
    if (typeof r.seq === 'number' && typeof r.operation === 'string') return { record: r }
    const rec = r.recommendation
    if (rec && typeof rec.recommendationId === 'string' && Array.isArray(rec.items))
      return { recommendation: rec }
    if (typeof r.requestId === 'string' && typeof r.raw === 'string')
      return { requestId: r.requestId, raw: r.raw }
  } catch {
    // counted as skipped by the caller
  }
  return undefined
}

/**
 * Append-only JSON-lines persistence: one stored record per line, replayed on start. Writes are synchronous and
 * batched per request, so an accepted call is on disk before its 200 goes out and nothing acknowledged is lost.
 * A failed write is cut back to the previous end of file and rethrown, so the caller can leave memory unchanged.
 * A torn last line (crash mid-write) is skipped on replay.
 * @internal
 */
export function createRecordLogFile(path: string) {
  let fd: number | undefined
  let size = 0
  // After a torn last line, the next append must start on a fresh line or it would be glued to the fragment.
  let needsNewline = false

  const open = (flags: 'a' | 'w') => {
    if (fd !== undefined) closeSync(fd)
    mkdirSync(dirname(path), { recursive: true })
    fd = openSync(path, flags)
    size = fstatSync(fd).size
  }

  /** Writes whole lines; on failure the file is cut back to where it was and the error rethrown. */
  const write = (text: string) => {
    if (fd === undefined) open('a')
    const bytes = Buffer.from((needsNewline ? '\n' : '') + text, 'utf8')
    try {
      let written = 0
      while (written < bytes.length) written += writeSync(fd as number, bytes, written)
    } catch (e) {
      // A partial write would leave half a batch that the next start replays: cut the file back.
      try {
        ftruncateSync(fd as number, size)
      } catch {
        // The truncate can fail for the same reason; replay then skips the torn line.
      }
      throw e
    }
    size += bytes.length
    needsNewline = false
  }

  return {
    /**
     * Streams the file line by line (a whole-file read fails past V8's ~512 MiB string limit), handing each
     * record and raw body to the callbacks as it goes, so the caller can cap what it keeps.
     */
    async load(sink: {
      record(r: StoredRecord): void
      raw(requestId: string, body: string): void
      recommendation?(r: IssuedRecommendation): void
    }): Promise<{ records: number; skipped: number }> {
      if (!existsSync(path)) return { records: 0, skipped: 0 }
      let records = 0
      let skipped = 0
      let lastByte = -1
      const input = createReadStream(path)
      input.on('data', (chunk) => {
        const b = chunk as Buffer
        if (b.length > 0) lastByte = b[b.length - 1] as number
      })
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
      for await (const line of lines) {
        if (!line.trim()) continue
        const parsed = parseLine(line)
        if (!parsed) skipped++
        else if ('record' in parsed) {
          sink.record(parsed.record)
          records++
        } else if ('recommendation' in parsed) sink.recommendation?.(parsed.recommendation)
        else sink.raw(parsed.requestId, parsed.raw)
      }
      needsNewline = lastByte !== -1 && lastByte !== 0x0a
      return { records, skipped }
    },
    /** One line with the raw request body, then one line per record, in a single write. */
    append(requestId: string, rawBody: string, records: readonly StoredRecord[]) {
      let chunk = `${JSON.stringify({ requestId, raw: rawBody })}\n`
      for (const r of records) chunk += `${JSON.stringify(r)}\n`
      write(chunk)
    },
    /** An issued recommendation, so attribution still joins events to it after a restart. */
    appendRecommendation(recommendation: IssuedRecommendation) {
      write(`${JSON.stringify({ recommendation })}\n`)
    },
    truncate() {
      needsNewline = false
      open('w')
    },
    close() {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}
