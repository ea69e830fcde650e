import { readFileSync, writeFileSync } from 'node:fs'
import type { TagMap } from '../../shared/tagMap'
import { backtest, parseLimits, tagsForTable } from '../core/detection/backtest'
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
  plantwatch detect --nab <NAB dir> --out <results dir>
  plantwatch detect --skab <SKAB dir> --out <results dir>

Replays recorded history through the anomaly engine, causally (row i never sees row i+1).
--input   CSV with a header, a timestamp column (ISO-8601, YYYY-MM-DD HH:MM:SS or epoch ms)
          and one numeric column per tag. Empty, NaN and Infinity cells are data-quality
          events, not errors. Label columns (anomaly, changepoint, label, is_anomaly,
          fault, failed) are ignored.
--out     timestamp,anomaly_score,is_anomaly,eta_to_limit_s,reason (one row per input row)
--tagmap  tag map JSON: signal kinds, EU ranges, limits, actions and per-tag "detectors"
--limits  limits per tag (added to the tag map's)
--nab     writes <out>/<category>/<file>.csv (timestamp,value,anomaly_score) for nab-score.mjs
--skab    writes <out>/<folder>/<file>.csv (anomaly column) for skab-score.mjs`

class UsageError extends Error {}

function parseArgs(argv: string[]): Map<string, string> {
  const known = new Set(['--input', '--out', '--tagmap', '--limits', '--nab', '--skab'])
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

function runInput(args: Map<string, string>, io: CommandIo): number {
  const input = args.get('--input')!
  const out = args.get('--out')
  if (!out) throw new UsageError('--out is required')
  const limits = args.has('--limits') ? parseLimits(args.get('--limits')!) : new Map()
  const map = args.has('--tagmap') ? readTagMap(args.get('--tagmap')!) : undefined
  const mapped = new Map(map?.tags.map((t) => [t.name, t]))
  const table = parseTagCsv(readText(input, 'input'), input, LABEL_COLUMNS)
  const learningRows = Math.min(600, Math.max(10, Math.floor(table.times.length * 0.15)))
  const tags = tagsForTable(table, mapped, limits, learningRows)
  const lines = ['timestamp,anomaly_score,is_anomaly,eta_to_limit_s,reason']
  let flagged = 0
  // CSV rates vary: learning is counted in rows here (15 % of the file, at most 600), not in time.
  const events = backtest(table, tags, { learningSamples: learningRows, learningS: 0, equipment: map?.equipment }, (i, r) => {
    if (r.isAnomaly) flagged++
    const eta = r.etaS === null ? '' : r.etaS.toFixed(0)
    lines.push(`${csvField(table.stamps[i]!)},${r.score.toFixed(6)},${r.isAnomaly ? 1 : 0},${eta},${csvField(r.reason.slice(0, 160))}`)
  })
  writeFileSync(out, `${lines.join('\n')}\n`)
  const quality = events.filter((e) => e.kind === 'data-quality' && e.active).length
  io.stdout(`detect: ${table.times.length} rows × ${tags.length} tags → ${out}: ${flagged} rows anomalous, ${events.filter((e) => e.active && e.kind !== 'data-quality').length} anomalies raised, ${quality} data-quality events\n`)
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
