import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseTagCsv } from './csv'
import { fitPca, newPcaScore, quantile, scorePca } from './pca'

/** The SKAB configuration: one for all 34 files. */
export interface SkabOptions {
  /** Rows at the head of each file the model may learn from (the protocol's 400). */
  trainRows: number
  /** Share of variance the PCA model keeps. */
  varianceKept: number
  /** Quantile of the training statistic that sets the limit... */
  limitQuantile: number
  /** ...times this margin. */
  limitMargin: number
  /** EW weight that smooths the statistic over time (1: none). */
  smoothAlpha: number
  /** Weight of T² against SPE in the combined statistic. */
  t2Weight: number
  /** Rows the alarm holds after the statistic falls back (off-delay). */
  holdRows: number
  /** Sensor columns left out of the model. */
  exclude: string[]
}

/** The one configuration used for all SKAB files. */
export const SKAB_OPTIONS: SkabOptions = {
  trainRows: 400,
  varianceKept: 0.9,
  limitQuantile: 0.99,
  limitMargin: 0.8,
  smoothAlpha: 0.1,
  t2Weight: 1,
  holdRows: 0,
  // The loop's water warms up slowly through each experiment, so temperature levels
  // leave their first-400-row range without any fault; pressure, flow, current,
  // voltage and vibration carry the valve and rotor faults.
  exclude: ['Temperature', 'Thermocouple']
}

/** Columns that are labels, not sensors. */
const LABELS = new Set(['anomaly', 'changepoint'])

/**
 * Scores one SKAB file causally: a PCA model fitted on its first `trainRows` rows
 * gives T² and SPE per row, each relative to its training limit; the larger, smoothed
 * over time, raises the flag above 1. Returns the 0/1 flag and the score per row.
 */
export function scoreSkabFile(text: string, o: SkabOptions = SKAB_OPTIONS, file = ''): { flags: Uint8Array; scores: Float64Array; stamps: string[] } {
  const t = parseTagCsv(text, file)
  const cols = t.names.map((n, j) => [n, j] as const).filter(([n]) => !LABELS.has(n) && !o.exclude.includes(n)).map(([, j]) => t.columns[j]!)
  const n = t.times.length
  const dim = cols.length
  const rows = Array.from({ length: n }, (_, i) => Float64Array.from(cols, (c) => c[i]!))
  const train = rows.slice(0, Math.min(o.trainRows, n))
  const model = fitPca(train, dim, o.varianceKept)
  const sc = newPcaScore(model)
  const stat = (r: Float64Array): [number, number] => {
    scorePca(model, r, sc)
    return [sc.t2, sc.spe]
  }
  const trainStats = train.map(stat)
  const t2Lim = Math.max(quantile(trainStats.map((s) => s[0]), o.limitQuantile) * o.limitMargin, 1e-9)
  const speLim = Math.max(quantile(trainStats.map((s) => s[1]), o.limitQuantile) * o.limitMargin, 1e-9)
  const flags = new Uint8Array(n)
  const scores = new Float64Array(n)
  let smooth = 0
  let hold = 0
  for (let i = 0; i < n; i++) {
    const [t2, spe] = stat(rows[i]!)
    const ratio = Math.max((o.t2Weight * t2) / t2Lim, spe / speLim)
    smooth = i === 0 ? ratio : smooth + o.smoothAlpha * (ratio - smooth)
    scores[i] = smooth / (smooth + 1)
    if (smooth > 1) hold = o.holdRows + 1
    flags[i] = hold > 0 ? 1 : 0
    if (hold > 0) hold--
  }
  return { flags, scores, stamps: t.stamps }
}

/** Scores every SKAB experiment under `skabDir` into `<outDir>/<folder>/<file>.csv` (column `anomaly`). */
export function runSkab(skabDir: string, outDir: string, o: SkabOptions = SKAB_OPTIONS): { files: number; rows: number } {
  let files = 0
  let rows = 0
  for (const folder of ['valve1', 'valve2', 'other']) {
    mkdirSync(join(outDir, folder), { recursive: true })
    for (const name of readdirSync(join(skabDir, folder)).filter((f) => f.endsWith('.csv'))) {
      const path = join(skabDir, folder, name)
      const { flags, scores, stamps } = scoreSkabFile(readFileSync(path, 'utf8'), o, path)
      const lines = ['datetime,anomaly_score,anomaly']
      for (let i = 0; i < flags.length; i++) lines.push(`${stamps[i]},${scores[i]!.toFixed(6)},${flags[i]}`)
      writeFileSync(join(outDir, folder, name), `${lines.join('\n')}\n`)
      files++
      rows += flags.length
    }
  }
  return { files, rows }
}
