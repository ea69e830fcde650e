/**
 * Timestamps of CSV exports as users have them: ISO 8601 with or without a UTC offset,
 * `YYYY-MM-DD HH:MM:SS`, or epoch seconds or milliseconds (told apart by magnitude).
 */

/** How a file writes its times; one file uses one format (see {@link timeFormatOf}). */
export type TimeFormat = 'iso-offset' | 'iso-utc' | 'epoch-s' | 'epoch-ms'

const EPOCH = /^\d{9,16}(?:\.\d+)?$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})([.,]\d+)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i
/**
 * Epoch values below this are seconds, above it milliseconds: 1e11 s is the year 5138,
 * 1e11 ms is March 1973, so no plausible recording falls between the two readings.
 */
export const EPOCH_MS_ABOVE = 1e11

/** The format of one timestamp, or null when it is none of the accepted ones. */
export function timeFormatOf(raw: string): TimeFormat | null {
  const s = raw.trim()
  if (EPOCH.test(s)) return Number(s) >= EPOCH_MS_ABOVE ? 'epoch-ms' : 'epoch-s'
  const m = DATE_TIME.exec(s)
  if (!m) return null
  // A bare "Z" is an offset of zero, written out: it mixes fine with other offsets.
  return m[8] === undefined ? 'iso-utc' : 'iso-offset'
}

/** Formats that may share a file: a time with an offset and one without are ambiguous together. */
export function sameTimeFamily(a: TimeFormat, b: TimeFormat): boolean {
  return a === b
}

/** Human words for a format, for the detect summary and error messages. */
export const TIME_FORMAT_WORDS: Record<TimeFormat, string> = {
  'iso-offset': 'ISO 8601 with UTC offset',
  'iso-utc': 'ISO 8601 without offset (read as UTC)',
  'epoch-s': 'epoch seconds',
  'epoch-ms': 'epoch milliseconds'
}

/** Epoch ms of an accepted timestamp (see {@link timeFormatOf}), or NaN. */
export function parseTimestamp(raw: string): number {
  const s = raw.trim()
  const f = timeFormatOf(s)
  if (f === null) return Number.NaN
  if (f === 'epoch-ms') return Number(s)
  if (f === 'epoch-s') return Number(s) * 1000
  const m = DATE_TIME.exec(s)!
  const [, y, mo, d, h = '00', mi = '00', se = '00', frac = '', zone] = m
  let z = zone === undefined ? 'Z' : zone.toUpperCase()
  if (/^[+-]\d{2}$/.test(z)) z += ':00'
  else if (/^[+-]\d{4}$/.test(z)) z = `${z.slice(0, 3)}:${z.slice(3)}`
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${se}${frac.replace(',', '.')}${z}`)
}
