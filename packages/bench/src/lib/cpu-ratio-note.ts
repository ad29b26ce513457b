import { formatNumber, formatRatio } from './format'
import type { LoadResult } from './load'

/** The same comparison by server CPU per response, which other work on the machine distorts far less. */
export const cpuRatioNote = (label: string, subject?: LoadResult, baseline?: LoadResult): string[] => {
  const s = subject?.serverCpuPerOkUs
  const b = baseline?.serverCpuPerOkUs
  if (s == null || b == null || s === 0) return []
  return [
    `${label} by server CPU per response (less sensitive to a busy machine): ${formatNumber(s)} µs against ` +
      `${formatNumber(b)} µs, a ratio of ${formatRatio(b / s)}.`,
  ]
}
