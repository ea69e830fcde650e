import { CsvError as ParseError, parse } from 'csv-parse/sync'
import type { TimeFormat } from './csvTime'
import { parseTimestamp, timeFormatOf, TIME_FORMAT_WORDS } from './csvTime'

export { parseTimestamp } from './csvTime'

/**
 * CSV reading for the backtesting CLI, as users export it from historians and Excel:
 * RFC 4180 quoting (csv-parse), `,` or `;` separators, decimal commas, a BOM, CRLF,
 * one timestamp column and numeric or text-state tag columns. Errors name the line,
 * the column and the reason, because an engineer has to find them in a million rows.
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
  /** The separator that was found (`,`, `;` or tab). */
  separator: string
  /** The decimal mark the numbers use. */
  decimal: '.' | ','
  /** How the file writes its times (epoch seconds and milliseconds are told apart by magnitude). */
  timeFormat: TimeFormat
  /** Tag columns written as text states (RUN/STOP…), decoded to numbers: these are state signals. */
  stateColumns: string[]
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

/** How to read a CSV beyond what can be detected. */
export interface CsvOptions {
  /** Columns skipped without being parsed (labels). */
  ignore?: readonly string[]
  /** Decimal mark; detected when absent (a `;` file whose numbers hold commas uses `,`). */
  decimal?: '.' | ','
  /** Text states per column (the tag map's `states`), e.g. `{ RUN: 1, STOP: 0 }`. */
  states?: ReadonlyMap<string, Readonly<Record<string, number>>>
  /** Refuse duplicate and backwards timestamps (a replay needs time to advance). */
  strictTime?: boolean
}

const TIME_COLUMNS = ['timestamp', 'datetime', 'time', 'date_time', 'date']
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
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/
/** Two-state words every historian writes for a running state, valve or switch: 1 for the active word. */
export const TEXT_STATES: Readonly<Record<string, number>> = {
  run: 1, running: 1, stop: 0, stopped: 0, on: 1, off: 0, true: 1, false: 0, open: 1, closed: 0, yes: 1, no: 0
}

/** A cell as a number: finite, or NaN/±Infinity for empty and spelled-out non-finite values; null if malformed. */
export function parseCell(raw: string, decimal: '.' | ',' = '.'): number | null {
  const s = raw.trim()
  if (decimal === '.' ? NUMBER.test(s) : COMMA_NUMBER.test(s)) return Number(decimal === '.' ? s : s.replace(',', '.'))
  const nf = NON_FINITE.get(s.toLowerCase())
  return nf === undefined ? null : nf
}

/** Label columns of benchmark and demo-plant recordings: ground truth, never a tag. */
export const LABEL_COLUMNS: readonly string[] = ['anomaly', 'changepoint', 'label', 'is_anomaly', 'fault', 'failed']

function separatorOf(headerLine: string): string {
  const count = (ch: string): number => headerLine.split(ch).length - 1
  const [best] = [',', ';', '\t'].sort((a, b) => count(b) - count(a))
  return count(best!) > 0 ? best! : ','
}

// A `;` file whose number cells hold commas and no points writes decimal commas (Excel in most of Europe).
function detectDecimal(rows: string[][], skip: (col: number) => boolean, separator: string): '.' | ',' {
  if (separator === ',') return '.'
  let commas = 0
  let points = 0
  for (const row of rows.slice(1, 200)) {
    row.forEach((cell, j) => {
      if (skip(j)) return
      if (/^[+-]?\d+,\d+$/.test(cell.trim())) commas++
      else if (/^[+-]?\d+\.\d+$/.test(cell.trim())) points++
    })
  }
  return commas > 0 && points === 0 ? ',' : '.'
}

function readRecords(text: string, file: string): { rows: string[][]; lines: number[]; separator: string } {
  const body = text.replace(/^\uFEFF/, '')
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  if (firstLine.trim() === '') throw new CsvError(1, 1, 'empty file: a header row is needed', file)
  const separator = separatorOf(firstLine)
  try {
    // Line numbers cost csv-parse twice the time; without quotes a record is one line, so they are counted here.
    if (!body.includes('"')) {
      const records = parse(body, { delimiter: separator, relax_column_count: true }) as string[][]
      const rows: string[][] = []
      const lines: number[] = []
      records.forEach((r, i) => {
        if (r.length === 1 && r[0]!.trim() === '') return
        rows.push(r)
        lines.push(i + 1)
      })
      return { rows, lines, separator }
    }
    const records = parse(body, { delimiter: separator, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>
    return { rows: records.map((r) => r.record), lines: records.map((r) => r.info.lines), separator }
  } catch (e) {
    if (e instanceof ParseError) {
      const at = e as ParseError & { lines?: number; column?: number | string }
      throw new CsvError(at.lines ?? 1, typeof at.column === 'number' ? at.column + 1 : 1, `malformed CSV: ${e.message.replace(/^Invalid [^:]*: /, '')}`, file)
    }
    throw e
  }
}

/** Parses CSV text with a header row; throws {@link CsvError} on malformed input. */
export function parseTagCsv(text: string, file = '', opts: CsvOptions | readonly string[] = {}): TagTable {
  const o: CsvOptions = Array.isArray(opts) ? { ignore: opts as readonly string[] } : (opts as CsvOptions)
  const ignore = o.ignore ?? []
  const { rows, lines, separator } = readRecords(text, file)
  const header = rows[0]!.map((h) => h.trim())
  const timeCol = header.findIndex((h) => TIME_COLUMNS.includes(h.toLowerCase()))
  if (timeCol < 0) throw new CsvError(1, 1, `no timestamp column among ${header.map((h) => `"${h}"`).join(', ')} (expected one named ${TIME_COLUMNS.join(', ')})`, file)
  const seen = new Set<string>()
  header.forEach((h, i) => {
    if (h === '') throw new CsvError(1, i + 1, 'empty column name', file)
    if (seen.has(h)) throw new CsvError(1, i + 1, `duplicate column "${h}"`, file)
    seen.add(h)
  })
  const tagCols = header.map((_, i) => i).filter((i) => i !== timeCol && !ignore.includes(header[i]!))
  if (tagCols.length === 0) throw new CsvError(1, header.length + 1, 'no tag column besides the timestamp', file)
  const decimal = o.decimal ?? detectDecimal(rows, (j) => j === timeCol || !tagCols.includes(j), separator)
  const n = rows.length - 1
  const times = new Float64Array(n)
  const stamps = new Array<string>(n)
  const columns = tagCols.map(() => new Float64Array(n))
  const isState = tagCols.map(() => false)
  let format: TimeFormat | null = null
  let formatLine = 0
  for (let r = 0; r < n; r++) {
    const fields = rows[r + 1]!
    const line = lines[r + 1]!
    if (fields.length !== header.length) {
      throw new CsvError(line, Math.min(fields.length, header.length) + 1, `expected ${header.length} fields, found ${fields.length}`, file)
    }
    const stamp = fields[timeCol]!.trim()
    const f = timeFormatOf(stamp)
    if (f === null) throw new CsvError(line, timeCol + 1, `${header[timeCol]}: not a timestamp: "${stamp}" (use ISO 8601, YYYY-MM-DD HH:MM:SS or epoch s/ms)`, file)
    if (format === null) {
      format = f
      formatLine = line
    } else if (f !== format) {
      throw new CsvError(line, timeCol + 1, `${header[timeCol]}: mixed time formats: "${stamp}" is ${TIME_FORMAT_WORDS[f]}, line ${formatLine} was ${TIME_FORMAT_WORDS[format]}`, file)
    }
    const t = parseTimestamp(stamp)
    if (o.strictTime && r > 0 && !(t > times[r - 1]!)) {
      throw new CsvError(line, timeCol + 1, `${header[timeCol]}: ${t === times[r - 1] ? 'duplicate' : 'backwards'} timestamp "${stamp}" (the row before is "${stamps[r - 1]}")`, file)
    }
    times[r] = t
    stamps[r] = stamp
    for (let j = 0; j < tagCols.length; j++) {
      const col = tagCols[j]!
      const raw = fields[col]!
      let v = parseCell(raw, decimal)
      if (v === null) {
        const name = header[col]!
        const mapped = o.states?.get(name)
        const word = raw.trim()
        v = mapped ? (mapped[word] ?? mapped[word.toUpperCase()] ?? mapped[word.toLowerCase()] ?? null) : (TEXT_STATES[word.toLowerCase()] ?? null)
        if (v === null) throw new CsvError(line, col + 1, cellError(name, word, decimal, mapped !== undefined), file)
        isState[j] = true
      }
      columns[j]![r] = v
    }
  }
  return {
    names: tagCols.map((i) => header[i]!),
    stamps,
    times,
    columns,
    separator,
    decimal,
    timeFormat: format ?? 'iso-utc',
    stateColumns: tagCols.filter((_, j) => isState[j]).map((i) => header[i]!)
  }
}

function cellError(name: string, word: string, decimal: '.' | ',', mapped: boolean): string {
  if (decimal === '.' && /^[+-]?\d+,\d+$/.test(word)) return `${name}: not a number: "${word}" looks like a decimal comma (use --decimal ,)`
  if (/^[A-Za-z_][\w -]*$/.test(word)) {
    return mapped
      ? `${name}: text "${word}" is not in the tag map's "states" for this tag`
      : `${name}: text "${word}" has no mapping (known: RUN/STOP, ON/OFF, TRUE/FALSE, OPEN/CLOSED; map others with "states" in the tag map)`
  }
  return `${name}: not a number: "${word}"`
}
