import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseTagCsv } from './csv'
import type { StreamScoreOptions } from './streamScore'
import { NAB_STREAM_OPTIONS, newStreamScore, stepStreamScore } from './streamScore'

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** Writes a score with enough digits that the scorer's threshold sweep can tell rows apart. */
const fmtScore = (s: number): string => (s === 0 ? '0' : s.toPrecision(10))

/** Result of a benchmark run: files written and samples scored. */
export interface BenchmarkRun {
  files: number
  rows: number
  elapsedMs: number
}

/**
 * Scores every NAB data file under `nabDir` (the NAB root or its `data/` folder) and
 * writes NAB's results layout `<outDir>/<category>/<file>.csv` with
 * `timestamp,value,anomaly_score`. One configuration for the whole corpus.
 */
export function runNab(nabDir: string, outDir: string, options: StreamScoreOptions = NAB_STREAM_OPTIONS): BenchmarkRun {
  const dataDir = isDir(join(nabDir, 'data')) ? join(nabDir, 'data') : nabDir
  const t0 = performance.now()
  let files = 0
  let rows = 0
  const categories = readdirSync(dataDir).filter((c) => isDir(join(dataDir, c))).sort()
  if (categories.length === 0) throw new Error(`no NAB category folders in ${dataDir}`)
  for (const cat of categories) {
    mkdirSync(join(outDir, cat), { recursive: true })
    for (const file of readdirSync(join(dataDir, cat)).filter((f) => f.endsWith('.csv')).sort()) {
      const path = join(dataDir, cat, file)
      const table = parseTagCsv(readFileSync(path, 'utf8'), path)
      const j = Math.max(0, table.names.indexOf('value'))
      const values = table.columns[j]!
      const st = newStreamScore(options)
      const lines = ['timestamp,value,anomaly_score']
      for (let i = 0; i < values.length; i++) {
        lines.push(`${table.stamps[i]},${values[i]},${fmtScore(stepStreamScore(st, values[i]!, table.times[i]!))}`)
      }
      writeFileSync(join(outDir, cat, file), `${lines.join('\n')}\n`)
      files++
      rows += values.length
    }
  }
  return { files, rows, elapsedMs: performance.now() - t0 }
}
