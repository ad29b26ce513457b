import type { ServiceOperation as Operation, Outcome } from './types'

const WINDOW = 2048

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, i)] as number
}

/** Snapshot returned by `/_emulator/stats`. */
export interface StatsSnapshot {
  startedAt: number
  total: number
  records: number
  /** Records dropped (oldest first) because the store held `maxRecords`. */
  evicted: number
  maxRecords: number
  byOperation: Record<string, Partial<Record<Outcome, number>> & { total: number }>
  byErrorCode: Record<string, number>
  latencyMs: { p50: number; p95: number; samples: number }
  latencyByOperation: Record<string, { p50: number; p95: number; samples: number }>
}

/** Counts by operation × outcome and handling latency percentiles over the last 2,048 calls. @internal */
export function createStats() {
  let startedAt = Date.now()
  let total = 0
  let byOperation: StatsSnapshot['byOperation'] = {}
  let byErrorCode: Record<string, number> = {}
  let durations = new Map<string, number[]>()

  const sample = (key: string, ms: number) => {
    let arr = durations.get(key)
    if (!arr) {
      arr = []
      durations.set(key, arr)
    }
    arr.push(ms)
    if (arr.length > WINDOW * 2) arr.splice(0, arr.length - WINDOW)
  }
  const summary = (arr: number[] | undefined) => {
    const last = (arr ?? []).slice(-WINDOW).sort((a, b) => a - b)
    const round = (n: number) => Math.round(n * 1000) / 1000
    return { p50: round(percentile(last, 50)), p95: round(percentile(last, 95)), samples: last.length }
  }

  return {
    record(operation: Operation | undefined, outcome: Outcome, durationMs: number, errorCode?: string) {
      total++
      const key = operation ?? 'Unknown'
      const row = byOperation[key] ?? { total: 0 }
      byOperation[key] = row
      row.total++
      row[outcome] = (row[outcome] ?? 0) + 1
      if (errorCode) byErrorCode[errorCode] = (byErrorCode[errorCode] ?? 0) + 1
      sample('*', durationMs)
      sample(key, durationMs)
    },
    snapshot(records: number, evicted = 0, maxRecords = 0): StatsSnapshot {
      const latencyByOperation: StatsSnapshot['latencyByOperation'] = {}
      for (const [k, arr] of durations) if (k !== '*') latencyByOperation[k] = summary(arr)
      return {
        startedAt,
        total,
        records,
        evicted,
        maxRecords,
        byOperation: structuredClone(byOperation),
        byErrorCode: { ...byErrorCode },
        latencyMs: summary(durations.get('*')),
        latencyByOperation,
      }
    },
    clear() {
      startedAt = Date.now()
      total = 0
      byOperation = {}
      byErrorCode = {}
      durations = new Map()
    },
  }
}
