import { stringify } from 'csv-stringify/browser/esm/sync'
import type { TagInfo } from '../../../../shared/domain'
import type { AlignedPens } from './alignPens'
import type { Quality } from './penPoints'
import type { TimeRange } from './trendRange'

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
