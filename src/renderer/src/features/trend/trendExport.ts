import { stringify } from 'csv-stringify/browser/esm/sync'
import { MAX_HISTORY_POINTS, MAX_HISTORY_RAW_RANGE_MS, type HistorySeries } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import type { AlignedPens } from './alignPens'
import { qualityOf, type Quality } from './penPoints'
import { formatSpan, type TimeRange } from './trendRange'

/** Words an operator reads in the cursor readout and the CSV. */
export function qualityLabel(quality: Quality | null): string {
  switch (quality) {
    case 'good':
      return 'Good'
    case 'partial':
      return 'Partly good'
    case 'uncertain':
      return 'Uncertain'
    case 'bad':
      return 'Bad'
    case null:
      return 'No data'
  }
}

/**
 * The visible range at the visible resolution: one row per plotted time, ISO
 * 8601 with offset (UTC), one value and one quality column per pen. A pen
 * with no point at a row holds its last value, as the stepped line shows.
 */
export function trendCsv(pens: readonly TagInfo[], aligned: AlignedPens, range: TimeRange): string {
  const header = ['time', ...pens.flatMap((pen) => [pen.unit ? `${pen.name} (${pen.unit})` : pen.name, `${pen.name} quality`])]
  const rows: (string | number)[][] = []
  aligned.x.forEach((t, i) => {
    if (t < range[0] || t > range[1]) return
    const row: (string | number)[] = [new Date(t).toISOString()]
    pens.forEach((_pen, p) => {
      const quality = aligned.quality[p]![i] ?? null
      const value = quality === null ? null : aligned.held[p]![i]
      row.push(value === null || value === undefined ? '' : value, qualityLabel(quality))
    })
    rows.push(row)
  })
  // csv-stringify quotes names with commas or quotes (RFC 4180); CRLF is what Excel expects.
  return stringify([header, ...rows], { record_delimiter: 'windows' })
}

/** Why a raw export of `range` cannot be asked for, or null when it can (the contract's raw range limit). */
export function rawExportRefusal(range: TimeRange): string | null {
  const span = range[1] - range[0]
  if (span <= MAX_HISTORY_RAW_RANGE_MS) return null
  return `Raw export covers at most ${formatSpan(MAX_HISTORY_RAW_RANGE_MS)}; ${formatSpan(span)} is shown. Zoom in, or export at the visible resolution.`
}

/** The `history:query` input of a raw export of the pens over the visible range. */
export const rawExportQuery = (pens: readonly TagInfo[], range: TimeRange) => ({
  tags: pens.map((pen) => pen.name),
  // [from, to) of at most the raw limit, so a window of exactly the limit is still accepted.
  from: Math.max(Math.floor(range[0]), Math.ceil(range[1]) - MAX_HISTORY_RAW_RANGE_MS),
  to: Math.ceil(range[1]),
  maxPoints: MAX_HISTORY_POINTS,
  mode: 'raw' as const
})

/**
 * Every stored sample of the pens in the range: one row per sample time (pens merged on
 * time; a pen without a sample at that time has empty cells), its value, and its quality
 * with the OPC UA StatusCode when not Good, as `plantwatch history export --interval raw` writes.
 */
export function rawTrendCsv(pens: readonly TagInfo[], series: readonly HistorySeries[], range: TimeRange): string {
  const header = ['time', ...pens.flatMap((pen) => [pen.unit ? `${pen.name} (${pen.unit})` : pen.name, `${pen.name} quality`])]
  const rows = new Map<number, (string | number)[]>()
  pens.forEach((pen, p) => {
    const s = series.find((one) => one.tag === pen.name)
    if (!s || s.mode !== 'raw') return
    const { t: times, value, status } = s
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!
      if (t < range[0] || t > range[1]) continue
      let row = rows.get(t)
      if (!row) rows.set(t, (row = new Array<string | number>(pens.length * 2).fill('')))
      const code = status[i]!
      const quality = qualityLabel(qualityOf(code))
      const v = value[i]!
      row[2 * p] = Number.isFinite(v) ? v : ''
      row[2 * p + 1] = code === 0 ? quality : `${quality} (0x${code.toString(16).toUpperCase().padStart(8, '0')})`
    }
  })
  const times = [...rows.keys()].sort((a, b) => a - b)
  return stringify([header, ...times.map((t) => [new Date(t).toISOString(), ...rows.get(t)!])], { record_delimiter: 'windows' })
}

/** Hands a file to the browser's download (the web host) or Electron's save dialog. */
export function download(fileName: string, href: string): void {
  const link = document.createElement('a')
  link.href = href
  link.download = fileName
  link.click()
}

export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  download(fileName, url)
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file name for the range: `trend_2026-12-01T0110Z_10min.csv`. */
export function exportName(range: TimeRange, extension: string): string {
  const stamp = new Date(range[0]).toISOString().slice(0, 16).replace(':', '')
  const minutes = Math.round((range[1] - range[0]) / 60_000)
  return `trend_${stamp}Z_${minutes}min.${extension}`
}
