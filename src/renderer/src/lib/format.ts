/** Operator-facing formatting; 24-hour local time, as control rooms use. */

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23'
})

export const formatTime = (epochMs: number): string => timeFormat.format(epochMs)
export const formatDateTime = (epochMs: number): string => dateTimeFormat.format(epochMs)

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
