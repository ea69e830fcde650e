import { stringify } from 'csv-stringify/sync'
import type { ExportFormat, HandoverContent } from '../../../shared/handover'
import { REPORT_TABLES } from '../../../shared/handover'
import type { PdfMeta } from './handoverPdf'

/** One exported file of a report. */
export interface ExportedReport {
  fileName: string
  mimeType: string
  bytes: Buffer
}

const MIME: Record<ExportFormat, string> = { pdf: 'application/pdf', csv: 'text/csv; charset=utf-8', json: 'application/json' }

/** `handover_2026-11-25_0600_Morning_v1.pdf` (local start in the shift's zone; `draft` before sign-off). */
export function reportFileName(content: HandoverContent, meta: Pick<PdfMeta, 'version'>, format: ExportFormat): string {
  const start = content.shift.startLocal.slice(0, 16).replace(' ', '_').replace(':', '')
  const name = content.shift.name.replace(/[^A-Za-z0-9-]+/g, '-')
  return `handover_${start}_${name}_${meta.version ? `v${meta.version.version}` : 'draft'}.${format}`
}

/**
 * The report as PDF, CSV or JSON. CSV is long (tidy) form, one value a line:
 * `section,row,column,value`, so every table fits one sheet and a script reads it without
 * knowing each table's columns; JSON is the content itself, with the version and hash.
 */
export async function exportReport(content: HandoverContent, meta: PdfMeta, format: ExportFormat): Promise<ExportedReport> {
  const fileName = reportFileName(content, meta, format)
  // pdfkit (and its font engine) is loaded only for a PDF: CSV and JSON exports start faster without it.
  if (format === 'pdf') return { fileName, mimeType: MIME.pdf, bytes: await (await import('./handoverPdf')).renderHandoverPdf(content, meta) }
  if (format === 'json') {
    const doc = { state: meta.state, contentHash: meta.contentHash, version: meta.version ?? null, versions: meta.versions, content }
    return { fileName, mimeType: MIME.json, bytes: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`) }
  }
  const rows: (string | number | null)[][] = [['section', 'row', 'column', 'value']]
  const s = content.shift
  const info: [string, string | number | null][] = [
    ['site', s.site], ['shift', s.name], ['start', s.startLocal], ['end', s.endLocal], ['hours', s.hours], ['crew', s.crew],
    ['state', meta.state], ['version', meta.version?.version ?? null], ['signed by', meta.version?.signedBy ?? null],
    ['acknowledged by', meta.version?.acknowledgedBy ?? null], ['sha256', meta.contentHash]
  ]
  for (const [k, v] of info) rows.push(['report', 1, k, v])
  for (const name of REPORT_TABLES) {
    const t = content.tables[name]
    if (!t.available) rows.push([name, 0, 'not available', t.note ?? ''])
    t.rows.forEach((r, i) => t.columns.forEach((c, j) => rows.push([name, i + 1, c, r[j] ?? null])))
  }
  const site = content.siteEnergy
  rows.push(['site energy', 1, 'kWh', site.kWh], ['site energy', 1, 'peak kW', site.peakKw])
  site.previousKWh.forEach((k, i) => rows.push(['site energy', 1, `kWh −${i + 1}`, k]))
  content.notes.forEach((n, i) => rows.push(['notes', i + 1, n.section, `${n.author}: ${n.text}`]))
  content.instructions.forEach((n, i) => rows.push(['standing instructions', i + 1, n.clearedAt ? 'cleared' : 'in force', `${n.author}: ${n.text}`]))
  // BOM and CRLF: opens right in Excel and LibreOffice, as the history export does.
  return { fileName, mimeType: MIME.csv, bytes: Buffer.from(stringify(rows, { bom: true, record_delimiter: 'windows' })) }
}
