/** The q-quantile (0..1) of already sorted numbers, nearest-rank. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index] as number
}

/** `a / b`, or null when either side is missing or b is zero. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null
  return a / b
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((x, y) => x - y),
    0.5,
  )
}
