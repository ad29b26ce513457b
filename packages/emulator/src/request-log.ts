import type { RequestLogEntry } from './types'

/** A fixed-size ring buffer of request log entries. @internal */
export function createRequestLog(capacity: number) {
  let entries: RequestLogEntry[] = []
  let nextId = 1
  return {
    nextId: () => nextId++,
    push(entry: RequestLogEntry) {
      entries.push(entry)
      // Trim in chunks so the hot path does not shift the array on every request.
      if (entries.length > capacity + 100) entries = entries.slice(entries.length - capacity)
    },
    list(limit?: number): RequestLogEntry[] {
      const all = entries.length > capacity ? entries.slice(entries.length - capacity) : entries.slice()
      return limit !== undefined && all.length > limit ? all.slice(all.length - limit) : all
    },
    get(id: number): RequestLogEntry | undefined {
      return entries.find((e) => e.id === id)
    },
    clear() {
      entries = []
    },
  }
}
