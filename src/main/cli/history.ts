import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { openHistorian } from '../core/historian/historian'
import type { Historian } from '../core/historian/types'
import { onOffFlag, parseFlags, UsageError } from './args'

type Io = { stdout(s: string): void; stderr(s: string): void }

export const HISTORY_USAGE = `plantwatch history export --tags A,B --from ISO --to ISO --out F.csv [--interval 1m|raw] [--data-dir DIR]
  Writes what the historian recorded of the tags over [from, to) as CSV (UTF-8 with BOM,
  comma-separated, CRLF: opens in Excel and LibreOffice). Times are ISO 8601 with an offset,
  e.g. 2026-03-01T06:00:00+01:00. One row per time, then per tag a value column and a
  quality column (Good, Uncertain, Bad, with the OPC UA StatusCode when raw).
  --interval 1m (default): one row a minute, the time-weighted average; raw: every sample.
  A bad time, an unknown tag or an output that cannot be written: a message, exit 2, no file.
plantwatch history prefill [--days 7] [--plant-schedule on|off] [--data-dir DIR]
  Writes a past of the demo plant's physics (a row each 10 s, ending now) into the historian,
  so the trends of a fresh demo install can zoom out to last week. The conveyors and the crusher
  follow the demo plant's production schedule on local time (handover stops at 07:00 and 19:00,
  quieter nights and Saturday, idle Sunday), as the embedded plant does; off: around the clock.`

/** ISO 8601 date-time with an explicit offset (Z or ±hh:mm); a bare local time is ambiguous. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/
/** Rows are built a day at a time, so memory stays flat over a long export. */
const WINDOW_MS = 86_400_000

function isoFlag(name: string, value: string | undefined): number {
  if (!value) throw new UsageError(`--${name} is required (an ISO 8601 time with offset, e.g. 2026-03-01T06:00:00+01:00)`)
  const ms = Date.parse(value)
  if (!ISO_WITH_OFFSET.test(value) || !Number.isFinite(ms)) {
    throw new UsageError(`--${name} "${value}" is not an ISO 8601 time with an offset (e.g. 2026-03-01T06:00:00+01:00 or 2026-03-01T05:00:00Z)`)
  }
  return ms
}

/** Local time with its UTC offset, e.g. 2026-03-01T06:00:00.000+01:00 (what Excel and LibreOffice read). */
export function isoWithOffset(ms: number): string {
  const date = new Date(ms)
  const offsetMin = -date.getTimezoneOffset()
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23)
  const sign = offsetMin >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const severity = (status: number): string => (status >>> 30 === 0 ? 'Good' : status >>> 30 === 1 ? 'Uncertain' : 'Bad')
const statusText = (status: number): string => (status === 0 ? 'Good' : `${severity(status)} (0x${status.toString(16).toUpperCase().padStart(8, '0')})`)

/** `plantwatch history export ...`; returns the exit code. */
export async function runHistoryCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(`${HISTORY_USAGE}\n`)
    return sub === undefined ? 2 : 0
  }
  if (sub === 'prefill') return prefill(rest, io, dataDir)
  if (sub !== 'export') throw new UsageError(`unknown history command "${sub}" (try: export, prefill)`)
  const flags = parseFlags(rest, {
    tags: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    interval: { type: 'string' },
    help: { type: 'boolean', short: 'h' }
  })
  if (flags.help) {
    io.stdout(`${HISTORY_USAGE}\n`)
    return 0
  }
  const tags = (flags.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean)
  if (tags.length === 0) throw new UsageError('--tags is required: comma-separated tag names, e.g. CV-101.Vibration,CV-101.Power')
  const from = isoFlag('from', flags.from)
  const to = isoFlag('to', flags.to)
  if (to <= from) throw new UsageError(`--to (${flags.to}) must be after --from (${flags.from})`)
  const interval = flags.interval ?? '1m'
  if (interval !== '1m' && interval !== 'raw') throw new UsageError(`--interval must be 1m or raw, got "${interval}"`)
  if (!flags.out) throw new UsageError('--out is required: the CSV file to write')
  const out = resolve(flags.out)
  // Written beside the target and renamed at the end: a failed export leaves no file.
  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`)
  let fd: number
  try {
    if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) throw new Error('it is a folder')
    fd = openSync(partial, 'wx')
  } catch (error) {
    throw new UsageError(`--out ${flags.out} cannot be written: ${(error as Error).message}`)
  }
  let historian: Historian | undefined
  try {
    historian = openHistorian({ file: join(dataDir, 'historian.db'), readOnly: true })
    const unknown = tags.filter((t) => !historian!.has(t))
    if (unknown.length > 0) throw new UsageError(`unknown tag ${unknown.map((t) => `"${t}"`).join(', ')} in ${join(dataDir, 'historian.db')}`)
    const rows = writeCsv(fd, historian, tags, from, to, interval)
    closeSync(fd)
    renameSync(partial, out)
    io.stderr(`wrote ${rows} rows of ${tags.length} tag(s) to ${out}\n`)
    return 0
  } catch (error) {
    closeSync(fd)
    rmSync(partial, { force: true })
    throw error
  } finally {
    historian?.close()
  }
}

function writeCsv(fd: number, h: Historian, tags: string[], from: number, to: number, interval: '1m' | 'raw'): number {
  const header = ['time', ...tags.flatMap((t) => [t, `${t} quality`])]
  writeSync(fd, stringify([header], { bom: true, record_delimiter: 'windows' }))
  let count = 0
  for (let start = from; start < to; start += WINDOW_MS) {
    const end = Math.min(to, start + WINDOW_MS)
    // time -> cells, merged across tags.
    const rows = new Map<number, string[]>()
    const cellsAt = (t: number): string[] => {
      let cells = rows.get(t)
      if (!cells) rows.set(t, (cells = new Array<string>(tags.length * 2).fill('')))
      return cells
    }
    tags.forEach((tag, k) => {
      if (interval === 'raw') {
        const raw = h.queryRaw(tag, start, end)
        for (let i = 0; i < raw.t.length; i++) {
          const cells = cellsAt(raw.t[i]!)
          cells[2 * k] = Number.isFinite(raw.v[i]!) ? String(raw.v[i]) : ''
          cells[2 * k + 1] = statusText(raw.s[i]!)
        }
        return
      }
      const minute = h.rollups(tag, '1m', start, end)
      minute.t.forEach((t, i) => {
        const cells = cellsAt(t)
        const avg = minute.avg[i]!
        cells[2 * k] = Number.isFinite(avg) ? String(avg) : ''
        const n = minute.n[i]!
        const good = minute.good[i]!
        // A minute is Good only when every sample in it was; one held through without samples is Good if a value held.
        cells[2 * k + 1] = n === 0 ? (Number.isFinite(avg) ? 'Good' : '') : good === n ? 'Good' : Number.isFinite(avg) ? 'Uncertain' : 'Bad'
      })
    })
    const times = [...rows.keys()].sort((a, b) => a - b)
    if (times.length === 0) continue
    writeSync(fd, stringify(times.map((t) => [isoWithOffset(t), ...rows.get(t)!]), { record_delimiter: 'windows' }))
    count += times.length
  }
  return count
}

async function prefill(argv: string[], io: Io, dataDir: string): Promise<number> {
  const flags = parseFlags(argv, { days: { type: 'string' }, 'plant-schedule': { type: 'string' } })
  const days = flags.days === undefined ? 7 : Number(flags.days)
  if (!(days > 0 && days <= 366)) throw new UsageError(`--days must be a number of days in (0, 366], got "${flags.days}"`)
  const scheduled = onOffFlag('plant-schedule', flags['plant-schedule']) ?? true
  const { prefillHistorian } = await import('../hosting/prefillHistorian')
  const { DEFAULT_PRODUCTION_SCHEDULE } = await import('../demo-plant/schedule')
  const result = prefillHistorian({ dataDir, days, schedule: scheduled ? DEFAULT_PRODUCTION_SCHEDULE : null })
  io.stderr(`prefilled ${result.samples} values from ${isoWithOffset(result.from)} to ${isoWithOffset(result.to)} into ${join(dataDir, 'historian.db')}\n`)
  return 0
}
