import { formatNumber } from './format'
import type { LoadResult } from './load'

/** One line of notes for a load target: throughput (with every round), latency, statuses, server CPU. */
export const describeLoad = (name: string, r: LoadResult & { rounds?: number[] }): string =>
  `${name}: ${formatNumber(r.okPerSecond)} 2xx/s` +
  (r.rounds && r.rounds.length > 1 ? ` (best of ${r.rounds.map((x) => formatNumber(x)).join(', ')})` : '') +
  `, p50 ${formatNumber(r.latencyP50Ms)} ms, p99 ${formatNumber(r.latencyP99Ms)} ms, ` +
  `status codes ${JSON.stringify(r.statusCodes)}` +
  (r.serverCpuPerOkUs !== null ? `, server CPU ${formatNumber(r.serverCpuPerOkUs)} µs per response` : '') +
  (r.errors ? `, ${r.errors} errors` : '')
