/**
 * Strict, small CSV reading for the backtesting CLI: a header, one timestamp column
 * and numeric tag columns. Errors name the line, the column and the reason, because
 * an engineer has to find them in a file of a million rows.
 */
export interface TagTable {
  /** Column names of the tag columns, in file order. */
  names: string[]
  /** Timestamps as written (echoed into the output). */
  stamps: string[]
  /** Epoch ms per row. */
  times: Float64Array
  /** One array per tag column. */
  columns: Float64Array[]
  /** The separator that was found (`,` or `;`). */
  separator: string
}

/** Malformed CSV or `--limits`: where (1-based line and column) and why. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
    readonly file = ''
  ) {
    super(`${file ? `${file}:` : ''}line ${line}, column ${column}: ${reason}`)
  }
}

const TIME_COLUMNS = ['timestamp', 'datetime', 'time']
const NON_FINITE = new Map<string, number>([
  ['', Number.NaN],
  ['nan', Number.NaN],
  ['null', Number.NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-inf', -Infinity],
  ['-infinity', -Infinity]
])
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const EPOCH_MS = /^\d{10,15}(?:\.\d+)?$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** Epoch ms of an ISO-8601, `YYYY-MM-DD HH:MM:SS` (UTC) or epoch-ms timestamp, or NaN. */
export function parseTimestamp(raw: string): number {
  const s = raw.trim()
  if (EPOCH_MS.test(s)) return Number(s)
  const m = DATE_TIME.exec(s)
  if (!m) return Number.NaN
  const [, y, mo, d, h = '00', mi = '00', se = '00', frac = '', zone] = m
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${se}${frac}${zone ?? 'Z'}`
  return Date.parse(iso)
}

/** A cell as a number: finite, or NaN/±Infinity for empty and spelled-out non-finite values; null if malformed. */
export function parseCell(raw: string): number | null {
  const s = raw.trim()
  if (NUMBER.test(s)) return Number(s)
  const nf = NON_FINITE.get(s.toLowerCase())
  return nf === undefined ? null : nf
}

/** Label columns of benchmark and demo-plant recordings: ground truth, never a tag. */
export const LABEL_COLUMNS: readonly string[] = ['anomaly', 'changepoint', 'label', 'is_anomaly', 'fault', 'failed']

/**
 * Parses CSV text with a header row; throws {@link CsvError} on malformed input.
 * Columns named in `ignore` are skipped without being parsed.
 */
export function parseTagCsv(text: string, file = '', ignore: readonly string[] = []): TagTable {
  const lines = text.split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop()
  const headerLine = (lines[0] ?? '').replace(/^\uFEFF/, '')
  if (headerLine.trim() === '') throw new CsvError(1, 1, 'empty file: a header row is needed', file)
  const separator = !headerLine.includes(',') && headerLine.includes(';') ? ';' : ','
  const header = headerLine.split(separator).map((h) => h.trim())
  const timeCol = header.findIndex((h) => TIME_COLUMNS.includes(h.toLowerCase()))
  if (timeCol < 0) throw new CsvError(1, 1, `no timestamp column (expected one of ${TIME_COLUMNS.join(', ')})`, file)
  const seen = new Set<string>()
  header.forEach((h, i) => {
    if (h === '') throw new CsvError(1, i + 1, 'empty column name', file)
    if (seen.has(h)) throw new CsvError(1, i + 1, `duplicate column "${h}"`, file)
    seen.add(h)
  })
  const tagCols = header.map((_, i) => i).filter((i) => i !== timeCol && !ignore.includes(header[i]!))
  if (tagCols.length === 0) throw new CsvError(1, header.length + 1, 'no tag column besides the timestamp', file)
  const n = lines.length - 1
  const times = new Float64Array(n)
  const stamps = new Array<string>(n)
  const columns = tagCols.map(() => new Float64Array(n))
  for (let r = 0; r < n; r++) {
    const fields = lines[r + 1]!.split(separator)
    if (fields.length !== header.length) {
      throw new CsvError(r + 2, Math.min(fields.length, header.length) + 1, `expected ${header.length} fields, found ${fields.length}`, file)
    }
    const stamp = fields[timeCol]!.trim()
    const t = parseTimestamp(stamp)
    if (Number.isNaN(t)) throw new CsvError(r + 2, timeCol + 1, `not a timestamp: "${stamp}" (use ISO-8601, YYYY-MM-DD HH:MM:SS or epoch ms)`, file)
    times[r] = t
    stamps[r] = stamp
    tagCols.forEach((col, j) => {
      const v = parseCell(fields[col]!)
      if (v === null) throw new CsvError(r + 2, col + 1, `not a number: "${fields[col]!.trim()}"`, file)
      columns[j]![r] = v
    })
  }
  return { names: tagCols.map((i) => header[i]!), stamps, times, columns, separator }
}
