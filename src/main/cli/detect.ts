import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { TagMap } from '../../shared/tagMap'
import { isRaise } from '../../shared/anomaly'
import { backtest, describeInputs, learnOptions, parseLimits, tagsForTable } from '../core/detection/backtest'
import { TIME_FORMAT_WORDS } from '../core/detection/csvTime'
import { runNab } from '../core/detection/benchmarks'
import { CsvError, LABEL_COLUMNS, parseTagCsv } from '../core/detection/csv'
import { runSkab } from '../core/detection/skab'
import { parseTagMap, TagMapError } from '../core/tagmap/loadTagMap'

/** Where the command writes; the dispatcher passes process streams, tests pass buffers. */
export interface CommandIo {
  stdout(s: string): void
  stderr(s: string): void
}

const USAGE = `Usage:
  plantwatch detect --input data.csv --out scores.csv [--tagmap map.json] [--limits "Tag:H=7.1,HH=11;Other:L=5"]
                    [--learn-hours 48] [--decimal ,]
  plantwatch detect --nab <NAB dir> --out <results dir>
  plantwatch detect --skab <SKAB dir> --out <results dir>

Replays recorded history through the anomaly engine, causally (row i never sees row i+1).
--input   CSV with a header, a timestamp column (ISO 8601 with or without offset,
          YYYY-MM-DD HH:MM:SS, or epoch seconds or ms, told apart by magnitude) and one
          column per tag: numbers, or text states (RUN/STOP, ON/OFF, TRUE/FALSE,
          OPEN/CLOSED, or the tag map's "states"). Quoted fields, ',' or ';' separators,
          decimal commas, a BOM and CRLF are accepted. Empty, NaN and Infinity cells are
          data-quality events, not errors. Label columns (anomaly, changepoint, label,
          is_anomaly, fault, failed) are ignored. The roles and modes inferred go to stderr.
--learn-hours  hours of data the engine learns from before learned detectors may raise
          (default 48, as the shared regime scorer); limits and absolute rules judge throughout
--decimal ',' or '.': the decimal mark (detected by default)
--out     timestamp,anomaly_score,is_anomaly,eta_to_limit_s,reason (one row per input row)
--tagmap  tag map JSON: signal kinds, EU ranges, limits, actions and per-tag "detectors"
--limits  limits per tag (added to the tag map's)
--nab     writes <out>/<category>/<file>.csv (timestamp,value,anomaly_score) for nab-score.mjs
--skab    writes <out>/<folder>/<file>.csv (anomaly column) for skab-score.mjs`

class UsageError extends Error {}

function parseArgs(argv: string[]): Map<string, string> {
  const known = new Set(['--input', '--out', '--tagmap', '--limits', '--nab', '--skab', '--learn-hours', '--decimal'])
  const args = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '-h' || a === '--help') {
      args.set('--help', '')
      continue
    }
    const eq = a.indexOf('=')
    const key = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a
    if (!known.has(key)) throw new UsageError(`unknown argument: ${a}`)
    const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i]
    if (value === undefined || value === '') throw new UsageError(`${key} needs a value`)
    if (args.has(key)) throw new UsageError(`${key} given twice`)
    args.set(key, value)
  }
  return args
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`)
  }
}

function readTagMap(path: string): TagMap {
  let json: unknown
  try {
    json = JSON.parse(readText(path, 'tag map'))
  } catch (e) {
    if (e instanceof UsageError) throw e
    throw new UsageError(`${path}: not JSON: ${(e as Error).message}`)
  }
  try {
    return parseTagMap(json, path)
  } catch (e) {
    throw e instanceof TagMapError ? new UsageError(e.message) : e
  }
}

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""').replace(/\n/g, ' ')}"` : s)

/** Writes `text` to `path` through a temporary file and a rename: a failed run leaves nothing half-written. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(tmp, text)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

function learnHours(args: Map<string, string>): number {
  const raw = args.get('--learn-hours') ?? '48'
  const h = Number(raw)
  if (!/^\d+(\.\d+)?$/.test(raw) || !(h >= 0) || h > 24 * 366) throw new UsageError(`--learn-hours must be a number of hours ≥ 0, got "${raw}"`)
  return h
}

function decimalMark(args: Map<string, string>): '.' | ',' | undefined {
  const d = args.get('--decimal')
  if (d === undefined) return undefined
  if (d !== '.' && d !== ',') throw new UsageError(`--decimal must be "." or ",", got "${d}"`)
  return d
}

function runInput(args: Map<string, string>, io: CommandIo): number {
  const input = args.get('--input')!
  const out = args.get('--out')
  if (!out) throw new UsageError('--out is required')
  const hours = learnHours(args)
  const decimal = decimalMark(args)
  const limits = args.has('--limits') ? parseLimits(args.get('--limits')!) : new Map()
  const map = args.has('--tagmap') ? readTagMap(args.get('--tagmap')!) : undefined
  const mapped = new Map(map?.tags.map((t) => [t.name, t]))
  const states = new Map(map?.tags.flatMap((t) => (t.states ? [[t.name, t.states] as const] : [])))
  const table = parseTagCsv(readText(input, 'input'), input, { ignore: LABEL_COLUMNS, decimal, states, strictTime: true })
  const tags = tagsForTable(table, mapped, limits, map)
  const options = { ...learnOptions(hours), equipment: map?.equipment }
  io.stderr(`detect: ${input}: separator "${table.separator}", decimal "${table.decimal}", times in ${TIME_FORMAT_WORDS[table.timeFormat]}; learning ${hours} h\n`)
  for (const line of describeInputs(tags, options)) io.stderr(`detect: ${line}\n`)
  const lines = ['timestamp,anomaly_score,is_anomaly,eta_to_limit_s,reason']
  let flagged = 0
  const { events, learned } = backtest(table, tags, options, (i, r) => {
    if (r.isAnomaly) flagged++
    const eta = r.etaS === null ? '' : r.etaS.toFixed(0)
    lines.push(`${csvField(table.stamps[i]!)},${r.score.toFixed(6)},${r.isAnomaly ? 1 : 0},${eta},${csvField(r.reason.slice(0, 160))}`)
  })
  writeAtomic(out, `${lines.join('\n')}\n`)
  for (const l of learned) {
    const regimes = l.regimes.map((g) => `${Number(g.load.toPrecision(3))} (${g.hours.toFixed(1)} h${g.familiar ? '' : ', learning'})`).join(', ')
    io.stderr(`detect: learned ${l.equipment}: ${l.runningHours.toFixed(1)} h running, settle ${l.settleS.toFixed(0)} s${regimes ? `, load regimes ${regimes}` : ''}\n`)
  }
  const quality = events.filter((e) => e.kind === 'data-quality' && e.active).length
  const anomalies = events.filter((e) => isRaise(e) && (e.kind === 'anomaly' || e.kind === 'predictive')).length
  io.stdout(`detect: ${table.times.length} rows × ${tags.length} tags → ${out}: ${flagged} rows anomalous, ${anomalies} anomalies raised, ${quality} data-quality events\n`)
  return 0
}

/**
 * `plantwatch detect`: backtests the anomaly engine on a CSV, or writes NAB / SKAB
 * result trees for the shared scorers. Returns the exit code: 0 done, 2 bad
 * arguments or malformed input (the message names line, column and reason).
 */
export async function runDetectCommand(argv: string[], io: CommandIo): Promise<number> {
  try {
    const args = parseArgs(argv)
    if (args.has('--help')) {
      io.stdout(`${USAGE}\n`)
      return 0
    }
    const modes = ['--input', '--nab', '--skab'].filter((m) => args.has(m))
    if (modes.length !== 1) throw new UsageError('give exactly one of --input, --nab or --skab')
    if (args.has('--input')) return runInput(args, io)
    const out = args.get('--out')
    if (!out) throw new UsageError('--out <dir> is required')
    if (args.has('--nab')) {
      const r = runNab(args.get('--nab')!, out)
      io.stdout(`detect: NAB ${r.files} files, ${r.rows} rows in ${(r.elapsedMs / 1000).toFixed(1)} s → ${out}\n`)
    } else {
      const r = runSkab(args.get('--skab')!, out)
      io.stdout(`detect: SKAB ${r.files} files, ${r.rows} rows → ${out}\n`)
    }
    return 0
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`detect: ${e.message}\n${USAGE}\n`)
      return 2
    }
    if (e instanceof CsvError) {
      io.stderr(`detect: ${e.message}\n`)
      return 2
    }
    const err = e as NodeJS.ErrnoException
    if (err && typeof err.code === 'string') {
      io.stderr(`detect: ${err.message}\n`)
      return 2
    }
    throw e
  }
}
