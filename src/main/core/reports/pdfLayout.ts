import type PDFDocument from 'pdfkit'
import type { TableSection, TrendSnapshot } from '../../../shared/handover'

type Doc = InstanceType<typeof PDFDocument>

export const FONT = 'Helvetica'
export const BOLD = 'Helvetica-Bold'
export const ITALIC = 'Helvetica-Oblique'
const BODY_PT = 8.5
const CELL_PAD = 3
const GREY = '#555555'
const RULE = '#bbbbbb'
const ZEBRA = '#f1f1f1'
/** Pen colours of trend snapshots: dark, distinct when printed in grey. */
const PEN_COLOURS = ['#1f4e99', '#b3401a', '#2e7d32']

/** The standard PDF fonts speak WinAnsi only: signs outside it are spelled the way a keyboard would. */
const SPELLED: Record<string, string> = { '≤': '<=', '≥': '>=', '−': '-', '→': '->', '≈': '~', '…': '...', '✓': 'v', '\u2009': ' ', '\u202f': ' ' }
export function pdfText(value: unknown): string {
  const text = value === null || value === undefined ? '—' : String(value)
  // WinAnsi covers Latin-1 plus a few typographic signs (– — ‘ ’ “ ” • … ±° ² ³ ·).
  return text.replace(/[^\u0020-\u007e\u00a0-\u00ff–—‘’“”•…]/g, (c) => SPELLED[c] ?? '?')
}

/** Whether `height` more points fit on the page; if not, a new page is started. */
export function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage()
}

export function heading(doc: Doc, text: string, level: 1 | 2 = 1): void {
  ensureRoom(doc, level === 1 ? 60 : 40)
  doc.moveDown(level === 1 ? 0.8 : 0.4)
  doc.font(BOLD).fontSize(level === 1 ? 12.5 : 10).fillColor('black').text(pdfText(text), doc.page.margins.left, doc.y)
  doc.moveDown(0.25)
}

export function paragraph(doc: Doc, text: string, options: { italic?: boolean; colour?: string } = {}): void {
  doc.font(options.italic ? ITALIC : FONT).fontSize(BODY_PT).fillColor(options.colour ?? 'black')
  const width = contentWidth(doc)
  ensureRoom(doc, doc.heightOfString(pdfText(text), { width }) + 2)
  doc.text(pdfText(text), doc.page.margins.left, doc.y, { width })
  doc.fillColor('black')
}

export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right

/** Column widths from the longest text of each column, so short columns stay narrow; each at least a minimum. */
function columnWidths(doc: Doc, table: Pick<TableSection, 'columns' | 'rows'>, width: number): number[] {
  doc.font(FONT).fontSize(BODY_PT)
  const natural = table.columns.map((c, i) => {
    const longest = Math.max(doc.font(BOLD).widthOfString(pdfText(c)), ...table.rows.slice(0, 200).map((r) => doc.font(FONT).widthOfString(pdfText(r[i]))))
    return Math.min(longest + 2 * CELL_PAD, width * 0.45)
  })
  const total = natural.reduce((a, b) => a + b, 0)
  if (total <= width) return natural.map((w, i) => (i === natural.length - 1 ? w + width - total : w))
  // Too wide: every column keeps what it needs up to a fair share; wide ones share the rest.
  const fair = width / natural.length
  const small = natural.filter((w) => w <= fair).reduce((a, b) => a + b, 0)
  const wideTotal = natural.filter((w) => w > fair).reduce((a, b) => a + b, 0)
  return natural.map((w) => (w <= fair ? w : ((width - small) * w) / wideTotal))
}

/**
 * A table that never splits a row across pages: each row is measured first and goes to a
 * new page, under a repeated header, when it does not fit. Missing values print as "—".
 */
export function table(doc: Doc, section: Pick<TableSection, 'columns' | 'rows'>): void {
  const left = doc.page.margins.left
  const widths = columnWidths(doc, section, contentWidth(doc))
  const rowHeight = (cells: readonly unknown[], font: string): number =>
    Math.max(...cells.map((c, i) => doc.font(font).fontSize(BODY_PT).heightOfString(pdfText(c), { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD
  const drawRow = (cells: readonly unknown[], font: string, fill?: string): void => {
    const h = rowHeight(cells, font)
    const y = doc.y
    if (fill) doc.rect(left, y, widths.reduce((a, b) => a + b, 0), h).fill(fill)
    let x = left
    cells.forEach((c, i) => {
      const numeric = typeof c === 'number'
      doc.font(font).fontSize(BODY_PT).fillColor(c === null ? GREY : 'black')
      doc.text(pdfText(c), x + CELL_PAD, y + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: numeric ? 'right' : 'left', lineBreak: true })
      x += widths[i]!
    })
    doc.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.4).strokeColor(RULE).stroke()
    doc.x = left
    doc.y = y + h
  }
  const header = (): void => drawRow(section.columns, BOLD, '#dddddd')
  ensureRoom(doc, rowHeight(section.columns, BOLD) + (section.rows[0] ? rowHeight(section.rows[0], FONT) : 0))
  header()
  section.rows.forEach((row, k) => {
    const h = rowHeight(row, FONT)
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) {
      doc.addPage()
      header()
    }
    drawRow(row, FONT, k % 2 === 1 ? ZEBRA : undefined)
  })
  doc.fillColor('black').moveDown(0.3)
}

/**
 * One trend snapshot as vectors: per pen the min/max envelope of each time bucket drawn as
 * two polylines on its own scale (pens have different units), broken at historian gaps, with
 * the time axis of the shift under it.
 */
export function trendChart(doc: Doc, snap: TrendSnapshot, from: number, to: number, timeLabel: (t: number) => string): void {
  const width = contentWidth(doc)
  const height = 110
  const legend = 12 * snap.pens.length
  ensureRoom(doc, height + legend + 40)
  const left = doc.page.margins.left + 38
  const plotW = width - 38
  const top = doc.y + 4
  doc.rect(left, top, plotW, height).lineWidth(0.5).strokeColor('#888888').stroke()
  const x = (t: number): number => left + ((t - from) / Math.max(1, to - from)) * plotW
  for (let k = 0; k <= 4; k++) {
    const t = from + ((to - from) * k) / 4
    doc.moveTo(x(t), top).lineTo(x(t), top + height).lineWidth(0.3).strokeColor('#dddddd').stroke()
    doc.font(FONT).fontSize(7).fillColor(GREY).text(timeLabel(t), x(t) - 30, top + height + 2, { width: 60, align: 'center' })
  }
  for (const g of snap.gaps) {
    const gx = x(Math.max(from, g.start))
    const gw = x(Math.min(to, g.end ?? to)) - gx
    if (gw > 0) doc.rect(gx, top, gw, height).fill('#eeeeee')
  }
  snap.pens.forEach((pen, p) => {
    const values = [...pen.min, ...pen.max].filter((v): v is number => v !== null)
    if (values.length === 0) return
    let lo = Math.min(...values)
    let hi = Math.max(...values)
    if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1]
    const y = (v: number): number => top + height - 4 - ((v - lo) / (hi - lo)) * (height - 8)
    const colour = PEN_COLOURS[p % PEN_COLOURS.length]!
    for (const series of [pen.min, pen.max]) {
      let drawing = false
      series.forEach((v, i) => {
        const t = pen.t[i]!
        const inGap = snap.gaps.some((g) => t >= g.start && (g.end === null || t < g.end))
        if (v === null || inGap) {
          drawing = false
          return
        }
        if (drawing) doc.lineTo(x(t), y(v))
        else doc.moveTo(x(t), y(v))
        drawing = true
      })
      doc.lineWidth(0.8).strokeColor(colour).stroke()
    }
    if (p === 0) {
      doc.font(FONT).fontSize(7).fillColor(colour)
      doc.text(pdfText(hi.toPrecision(4)), left - 38, top, { width: 35, align: 'right' })
      doc.text(pdfText(lo.toPrecision(4)), left - 38, top + height - 9, { width: 35, align: 'right' })
    }
    doc
      .font(FONT)
      .fontSize(7.5)
      .fillColor(colour)
      .text(pdfText(`${pen.tag} (${pen.unit || 'no unit'}): ${lo.toPrecision(4)} – ${hi.toPrecision(4)}, min/max per ${Math.round((to - from) / 60_000 / Math.max(1, pen.t.length))} min`), left, top + height + 14 + 11 * p, { width: plotW })
  })
  doc.fillColor('black')
  doc.x = doc.page.margins.left
  doc.y = top + height + 18 + legend
}
