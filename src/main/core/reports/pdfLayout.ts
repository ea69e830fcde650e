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
const SPELLED: Record<string, string> = { '≤': '<=', '≥': '>=', '−': '-', '→': '->', '≈': '~', '…': '...', '✓': 'v', '\u2009': ' ', '\u202f': ' ', σ: 'sigma', μ: 'µ', Δ: 'delta ', τ: 'tau' }
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

/**
 * Column widths: each column gets its longest word (so no word is broken, tags stay whole),
 * then the room left goes to the columns whose text is longer than that, in proportion.
 */
function columnWidths(doc: Doc, table: Pick<TableSection, 'columns' | 'rows'>, width: number): number[] {
  doc.fontSize(BODY_PT)
  const sample = table.rows.slice(0, 200)
  const measure = (font: string, text: string): number => doc.font(font).widthOfString(text) + 2 * CELL_PAD
  const words = table.columns.map((c, i) =>
    Math.min(width * 0.4, Math.max(...pdfText(c).split(/\s+/).map((w) => measure(BOLD, w)), ...sample.flatMap((r) => pdfText(cellText(r[i])).split(/\s+/).map((w) => measure(FONT, w)))))
  )
  const whole = table.columns.map((c, i) => Math.max(words[i]!, Math.min(width * 0.6, Math.max(measure(BOLD, pdfText(c)), ...sample.map((r) => measure(FONT, pdfText(cellText(r[i]))))))))
  const minTotal = words.reduce((a, b) => a + b, 0)
  const extra = whole.map((w, i) => w - words[i]!)
  const extraTotal = extra.reduce((a, b) => a + b, 0)
  if (minTotal >= width) return words.map((w) => (w * width) / minTotal)
  const share = Math.min(1, (width - minTotal) / Math.max(1, extraTotal))
  const widths = words.map((w, i) => w + extra[i]! * share)
  const slack = width - widths.reduce((a, b) => a + b, 0)
  widths[widths.length - 1]! += slack
  return widths
}

/** Numbers of a column printed with the same decimals (193 beside 266.2 reads as 193.0), kept right-aligned. */
function alignDecimals(rows: TableSection['rows']): (string | number | null)[][] {
  const decimals = (v: number): number => (Number.isInteger(v) ? 0 : Math.min(3, String(v).split('.')[1]?.length ?? 0))
  const width = rows.reduce<number[]>((acc, r) => r.map((c, i) => Math.max(acc[i] ?? 0, typeof c === 'number' ? decimals(c) : 0)), [])
  return rows.map((r) => r.map((c, i) => (typeof c === 'number' ? new NumberText(c.toFixed(width[i] ?? 0)) : c) as never))
}

/** A number already formatted: printed as is, right-aligned. */
class NumberText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** Numbers keep their own decimals (the content rounds them); a missing one is "—". */
const cellText = (c: unknown): string => (typeof c === 'number' ? c.toLocaleString('en-GB', { maximumFractionDigits: 3, useGrouping: false }) : c === null || c === undefined ? '—' : String(c))

/**
 * A table that never splits a row across pages: each row is measured first and goes to a
 * new page, under a repeated header, when it does not fit. Missing values print as "—".
 */
export function table(doc: Doc, input: Pick<TableSection, 'columns' | 'rows'>): void {
  const section = { columns: input.columns, rows: alignDecimals(input.rows) }
  const left = doc.page.margins.left
  const widths = columnWidths(doc, section, contentWidth(doc))
  const rowHeight = (cells: readonly unknown[], font: string): number =>
    Math.max(...cells.map((c, i) => doc.font(font).fontSize(BODY_PT).heightOfString(pdfText(cellText(c)), { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD
  const drawRow = (cells: readonly unknown[], font: string, fill?: string): void => {
    const h = rowHeight(cells, font)
    const y = doc.y
    if (fill) doc.rect(left, y, widths.reduce((a, b) => a + b, 0), h).fill(fill)
    let x = left
    cells.forEach((c, i) => {
      const numeric = typeof c === 'number' || c instanceof NumberText
      doc.font(font).fontSize(BODY_PT).fillColor(c === null ? GREY : 'black')
      doc.text(pdfText(cellText(c)), x + CELL_PAD, y + CELL_PAD, { width: widths[i]! - 2 * CELL_PAD, align: numeric ? 'right' : 'left', lineBreak: true })
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
export const TREND_HEIGHT = 110
/** The height a trend chart takes with its axis and legend (to keep its heading on the same page). */
export const trendChartHeight = (snap: TrendSnapshot): number => TREND_HEIGHT + 12 * snap.pens.length + 30

export function trendChart(doc: Doc, snap: TrendSnapshot, from: number, to: number, timeLabel: (t: number) => string): void {
  const width = contentWidth(doc)
  const height = TREND_HEIGHT
  const legend = 12 * snap.pens.length
  ensureRoom(doc, trendChartHeight(snap))
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
    // Runs of points with a value, broken at gaps: each run is one band from its min to its max.
    const runs: number[][] = []
    let run: number[] = []
    pen.t.forEach((t, i) => {
      const inGap = snap.gaps.some((g) => t >= g.start && (g.end === null || t < g.end))
      if (pen.min[i] === null || pen.max[i] === null || inGap) {
        if (run.length) runs.push(run)
        run = []
      } else run.push(i)
    })
    if (run.length) runs.push(run)
    for (const r of runs) {
      const first = r[0]!
      doc.moveTo(x(pen.t[first]!), y(pen.max[first]!))
      for (const i of r.slice(1)) doc.lineTo(x(pen.t[i]!), y(pen.max[i]!))
      for (const i of [...r].reverse()) doc.lineTo(x(pen.t[i]!), y(pen.min[i]!))
      doc.closePath().lineWidth(0.6).fillOpacity(0.35).strokeOpacity(0.9).fillAndStroke(colour, colour)
      doc.fillOpacity(1).strokeOpacity(1)
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
      .text(pdfText(`${pen.tag} (${pen.unit || 'no unit'}): band from min to max, ${lo.toPrecision(4)} to ${hi.toPrecision(4)}${p === 0 ? ' (scale at left)' : ', own scale'}`), left, top + height + 14 + 11 * p, { width: plotW })
  })
  doc.fillColor('black')
  doc.x = doc.page.margins.left
  doc.y = top + height + 18 + legend
}
