import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StoredRecord } from './types'

/**
 * Append-only JSON-lines persistence: one stored record per line, replayed on start. Writes are synchronous and
 * batched per request, so an accepted call is on disk before its 200 goes out and nothing acknowledged is lost.
 * A torn last line (crash mid-write) is skipped on replay.
 * @internal
 */
export function createRecordLogFile(path: string) {
  let fd: number | undefined
  // After a torn last line, the next append must start on a fresh line or it would be glued to the fragment.
  let needsNewline = false

  const open = (flags: 'a' | 'w') => {
    if (fd !== undefined) closeSync(fd)
    mkdirSync(dirname(path), { recursive: true })
    fd = openSync(path, flags)
  }

  return {
    load(): { records: StoredRecord[]; raw: Map<string, string>; skipped: number } {
      const raw = new Map<string, string>()
      if (!existsSync(path)) return { records: [], raw, skipped: 0 }
      const records: StoredRecord[] = []
      let skipped = 0
      const text = readFileSync(path, 'utf8')
      needsNewline = text.length > 0 && !text.endsWith('\n')
      for (const line of text.split('\n')) {
        if (!line.trim()) continue
        try {
          const r = JSON.parse(line) as StoredRecord & { raw?: unknown }
          if (typeof r.seq === 'number' && typeof r.operation === 'string') records.push(r)
          else if (typeof r.requestId === 'string' && typeof r.raw === 'string') raw.set(r.requestId, r.raw)
          else skipped++
        } catch {
          skipped++
        }
      }
      return { records, raw, skipped }
    },
    /** One line with the raw request body, then one line per record, in a single write. */
    append(requestId: string, rawBody: string, records: readonly StoredRecord[]) {
      if (fd === undefined) open('a')
      let chunk = needsNewline ? '\n' : ''
      needsNewline = false
      chunk += `${JSON.stringify({ requestId, raw: rawBody })}\n`
      for (const r of records) chunk += `${JSON.stringify(r)}\n`
      writeSync(fd as number, chunk)
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
