/** 12345.6 → "12,346"; small numbers keep up to 3 significant decimals. */
export function formatNumber(value: number | null | undefined, unit = ''): string {
  if (value == null || !Number.isFinite(value)) return 'n/a'
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3
  const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
  return unit ? `${text} ${unit}` : text
}

/** 8.123 → "8.12×". */
export function formatRatio(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return 'n/a'
  if (value !== 0 && Math.abs(value) < 0.1) return `${value.toPrecision(2)}×`
  return `${value.toFixed(value >= 10 ? 1 : 2)}×`
}
