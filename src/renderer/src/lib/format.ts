/** Operator-facing formatting: 24-hour local time and ISO dates, the same in every locale. */

const pad = (n: number): string => String(n).padStart(2, '0')

/** `02:01:07`, local time. */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** `2026-11-25 02:01:07`, local time; sorts as text. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatTime(epochMs)}`
}

/** Decimals follow the tag's span so 0–20 mm/s shows 2 places and 0–400 kW shows 1. */
export function decimalsFor(range: { low: number; high: number }): number {
  const span = range.high - range.low
  return span <= 10 ? 2 : span <= 1000 ? 1 : 0
}

export function formatValue(value: number, range: { low: number; high: number }, unit = ''): string {
  if (!Number.isFinite(value)) return '—'
  const text = value.toFixed(decimalsFor(range))
  return unit ? `${text} ${unit}` : text
}
