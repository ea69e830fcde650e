import PDFDocument from 'pdfkit'
import type { HandoverContent, HandoverVersion, NoteSection, ReportTableName } from '../../../shared/handover'
import { BOLD, contentWidth, ensureRoom, FONT, heading, ITALIC, paragraph, pdfText, table, trendChart, trendChartHeight } from './pdfLayout'
import { localTime } from './tableText'

/** What the PDF shows besides the content: the version it is, its hash, and the chain before it. */
export interface PdfMeta {
  state: 'draft' | 'signed' | 'acknowledged'
  contentHash: string
  /** The version printed (absent for a draft) and every version of the shift. */
  version?: HandoverVersion
  versions: readonly HandoverVersion[]
  paper: 'A4' | 'LETTER'
}

/** Sections in reading order: heading, table, and where notes of a section go. */
const SECTIONS: readonly { title: string; table?: ReportTableName; notes?: NoteSection }[] = [
  { title: 'Plant status at handover', table: 'status', notes: 'status' },
  { title: 'Standing alarms', table: 'standing', notes: 'alarms' },
  { title: 'Shelved alarms', table: 'shelved' },
  { title: 'Suppressed and out-of-service alarms', table: 'suppressed' },
  { title: 'Alarm KPIs of the shift (EEMUA 191)', table: 'kpis' },
  { title: 'What to watch next shift', table: 'watch', notes: 'watch' },
  { title: 'Work orders', table: 'workOrders', notes: 'work' },
  { title: 'Maintenance log', table: 'maintenance', notes: 'maintenance' },
  { title: 'Operator writes', table: 'writes' },
  { title: 'Configuration changes', table: 'config', notes: 'changes' },
  { title: 'Energy', table: 'energy', notes: 'energy' }
]

const MARGIN = { top: 62, bottom: 48, left: 42, right: 42 }

/**
 * The handover report as a PDF for paper (A4 or Letter): a header with site, shift and state
 * on every page, "page i of n" and the content hash in the footer, tables whose rows never
 * split across pages, trend snapshots as vector lines. Same layout in every host (pdfkit, plain Node).
 */
export async function renderHandoverPdf(content: HandoverContent, meta: PdfMeta): Promise<Buffer> {
  const doc = new PDFDocument({ size: meta.paper, margins: MARGIN, bufferPages: true, info: { Title: title(content), Author: 'Plantwatch', CreationDate: new Date(content.generatedAt) } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  const { shift, nextShift } = content
  const zone = shift.timeZone
  const at = (t: number): string => localTime(t, zone)

  doc.font(BOLD).fontSize(16).text(pdfText(`Shift handover: ${shift.site}`))
  doc.font(FONT).fontSize(10).moveDown(0.2)
  const planned = (who: string | null, crew: string | null): string | null => (who ? `${who} (planned for crew ${crew})` : null)
  const incoming = meta.version?.acknowledgedBy ?? planned(nextShift.supervisor, nextShift.crew)
  const lines = [
    `Shift: ${shift.name}, ${shift.startLocal} to ${shift.endLocal} (${shift.timeZone}), ${shift.label}`,
    `Crew: ${shift.crew ?? 'not set in the shift calendar'}; next shift: ${nextShift.name}, crew ${nextShift.crew ?? 'not set'}`,
    `Outgoing supervisor: ${meta.version?.signedBy ?? planned(shift.supervisor, shift.crew) ?? 'not signed yet'}${meta.version ? ` (signed ${at(meta.version.signedAt)})` : ''}`,
    `Incoming supervisor: ${incoming ?? 'not acknowledged yet'}${meta.version?.acknowledgedAt ? ` (acknowledged ${at(meta.version.acknowledgedAt)})` : ''}`,
    `Data as of ${at(content.asOf)}${content.asOf < shift.end ? ' (before the end of the shift)' : ''}; generated ${at(content.generatedAt)}`
  ]
  for (const line of lines) doc.text(pdfText(line))
  if (meta.state === 'draft') paragraph(doc, 'DRAFT: not signed. The figures change until the outgoing supervisor signs.', { italic: true, colour: '#a00000' })

  if (content.instructions.length) {
    heading(doc, 'Standing instructions')
    table(doc, { columns: ['Since', 'By', 'Instruction', 'Cleared'], rows: content.instructions.map((i) => [at(i.at), i.author, i.text, i.clearedAt ? `${at(i.clearedAt)} ${i.clearedBy ?? ''}` : 'in force']) })
  }
  notesOf(doc, content, 'general', 'Notes')
  notesOf(doc, content, 'safety', 'Safety notes')

  for (const section of SECTIONS) {
    heading(doc, section.title)
    const t = section.table ? content.tables[section.table] : undefined
    if (t) {
      if (t.note) paragraph(doc, t.note, { italic: true, colour: '#444444' })
      if (t.available && t.rows.length) table(doc, t)
      else if (t.available) paragraph(doc, 'None in this shift.')
      if (section.table === 'energy') siteEnergy(doc, content)
    }
    if (section.notes) notesOf(doc, content, section.notes, 'Notes')
  }

  const firstChart = content.trends.rows[0]
  if (firstChart) ensureRoom(doc, trendChartHeight(firstChart) + 70)
  heading(doc, 'Trend snapshots')
  if (content.trends.note) paragraph(doc, content.trends.note, { italic: true, colour: '#444444' })
  if (content.trends.available && content.trends.rows.length === 0) paragraph(doc, 'No machine had an anomaly or predictive alarm at handover.')
  for (const snap of content.trends.rows) {
    ensureRoom(doc, trendChartHeight(snap) + 30)
    heading(doc, `${snap.equipment}: ${snap.why}`, 2)
    trendChart(doc, snap, shift.start, content.asOf, (t) => localTime(t, zone, shift.start))
  }

  signatures(doc, meta, at)
  stampPages(doc, content, meta)
  doc.end()
  return done
}

const title = (c: HandoverContent): string => `Shift handover ${c.shift.site} ${c.shift.name} ${c.shift.startLocal}`

function notesOf(doc: InstanceType<typeof PDFDocument>, content: HandoverContent, section: NoteSection, label: string): void {
  const notes = content.notes.filter((n) => n.section === section)
  if (notes.length === 0) return
  heading(doc, label, 2)
  table(doc, { columns: ['Time', 'By', 'Note'], rows: notes.map((n) => [localTime(n.at, content.shift.timeZone, content.shift.start), n.author, n.text]) })
}

function siteEnergy(doc: InstanceType<typeof PDFDocument>, content: HandoverContent): void {
  const s = content.siteEnergy
  const fmt = (v: number | null): string => (v === null ? '—' : v.toLocaleString('en-GB', { maximumFractionDigits: 1 }))
  paragraph(doc, `Site: ${fmt(s.kWh)} kWh, peak ${fmt(s.peakKw)} kW; previous three ${content.shift.name} shifts: ${s.previousKWh.map(fmt).join(', ')} kWh${s.note ? ` (${s.note})` : ''}.`)
}

function signatures(doc: InstanceType<typeof PDFDocument>, meta: PdfMeta, at: (t: number) => string): void {
  heading(doc, 'Sign-off')
  if (!meta.version) {
    paragraph(doc, 'Not signed. Outgoing supervisor: ____________________   Incoming supervisor: ____________________')
    paragraph(doc, `Content hash of this draft (SHA-256): ${meta.contentHash}`, { colour: '#444444' })
    return
  }
  const v = meta.version
  paragraph(doc, `Version ${v.version}, signed by ${v.signedBy} at ${at(v.signedAt)}.${v.reason ? ` Correction: ${v.reason}.` : ''}`)
  paragraph(doc, v.acknowledgedBy ? `Acknowledged by ${v.acknowledgedBy} at ${at(v.acknowledgedAt!)}: "${v.ackComment ?? ''}"` : 'Not acknowledged by the incoming supervisor yet.')
  paragraph(doc, `Content hash (SHA-256), as in the audit trail: ${v.contentHash}`, { colour: '#444444' })
  const chain = meta.versions.filter((x) => x.version !== v.version)
  if (chain.length) {
    table(doc, { columns: ['Version', 'Signed by', 'At', 'Corrects', 'Reason', 'SHA-256'], rows: meta.versions.map((x) => [x.version, x.signedBy, at(x.signedAt), x.supersedes === null ? null : `v${meta.versions.find((y) => y.id === x.supersedes)?.version ?? '?'}`, x.reason, x.contentHash.slice(0, 16)]) })
  }
}

/** Header and footer on every page, written once the page count is known. */
function stampPages(doc: InstanceType<typeof PDFDocument>, content: HandoverContent, meta: PdfMeta): void {
  const range = doc.bufferedPageRange()
  const state = meta.state === 'draft' ? 'DRAFT' : `${meta.state === 'acknowledged' ? 'Signed and acknowledged' : 'Signed'}, version ${meta.version?.version}`
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const { left, bottom } = doc.page.margins
    const width = contentWidth(doc)
    // Writing inside the margins must not start new pages.
    doc.page.margins.bottom = 0
    doc.font(BOLD).fontSize(8.5).fillColor('black').text(pdfText(`${content.shift.site} · ${content.shift.name} shift ${content.shift.startLocal} – ${content.shift.endLocal.slice(11)}`), left, 26, { width, lineBreak: false })
    doc.font(meta.state === 'draft' ? BOLD : FONT).fillColor(meta.state === 'draft' ? '#a00000' : 'black').text(pdfText(state), left, 26, { width, align: 'right', lineBreak: false })
    doc.moveTo(left, 40).lineTo(left + width, 40).lineWidth(0.5).strokeColor('#888888').stroke()
    const footY = doc.page.height - 32
    doc.font(ITALIC).fontSize(7.5).fillColor('#444444').text(pdfText(`SHA-256 ${meta.contentHash.slice(0, 16)}… · Plantwatch`), left, footY, { width, lineBreak: false })
    doc.font(FONT).fillColor('black').text(`Page ${i - range.start + 1} of ${range.count}`, left, footY, { width, align: 'right', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
}
