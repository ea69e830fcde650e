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

/** `2026-11-25 02:01:07.250`, local time: a value's own timestamp on a faceplate, where the milliseconds tell samples apart. */
export function formatTimestamp(epochMs: number): string {
  return `${formatDateTime(epochMs)}.${String(Math.floor(((epochMs % 1000) + 1000) % 1000)).padStart(3, '0')}`
}

/** `2026-11-25 05:30`, local time, for deadlines where seconds would be false precision. */
export function formatDateMinute(epochMs: number): string {
  return formatDateTime(epochMs).slice(0, -3)
}

/** A span for the operator: `45 s`, `12 min`, `2 h 41 min`, `3 d 4 h`. Negative spans read as zero. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} s`
  const minutes = Math.round(s / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
  const wholeHours = Math.round(minutes / 60)
  const days = Math.floor(wholeHours / 24)
  return wholeHours % 24 === 0 ? `${days} d` : `${days} d ${wholeHours % 24} h`
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
