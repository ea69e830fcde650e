import type { TagInfo } from '../../../shared/domain'
import type { HandoverContent, Shift, TableSection } from '../../../shared/handover'
import type { HistorianReader } from './reportSources'
import { describeGaps, localTime, round } from './tableText'

/** Energy is counted in 1-minute buckets: power averages are integrated per minute. */
const BUCKET_MS = 60_000
const MS_PER_HOUR = 3_600_000

/** One machine's energy over a window: kWh, peak kW (highest 1-minute average) and how it was found. */
export interface EnergyFigure {
  kWh: number | null
  peakKw: number | null
  method: 'counter' | 'power' | null
  gaps: string[]
}

/** Equipment whose type names it the site's meter (e.g. "energy meter" for a site incomer). */
const SITE_METER = /meter|incomer/i

/**
 * kWh of one machine over [from, to): the increase of its energy counter (a `signal: energy`
 * tag in kWh; counter resets are skipped, and a counter keeps counting through a historian
 * gap, so the total stays right), else its power (`signal: power`, kW) integrated over
 * 1-minute averages (a gap then loses energy, and the gap is named). Peak kW is the highest
 * 1-minute average power. Null where the machine has no such tag or nothing was recorded.
 */
export function energyOf(h: HistorianReader, tags: readonly TagInfo[], from: number, to: number, zone = 'UTC'): EnergyFigure {
  const counter = tags.find((t) => t.signal === 'energy' && /^kWh$/i.test(t.unit) && h.has(t.name))
  const power = tags.find((t) => t.signal === 'power' && /^kW$/i.test(t.unit) && h.has(t.name))
  const points = Math.ceil((to - from) / BUCKET_MS) + 1
  let peakKw: number | null = null
  let integrated: number | null = null
  const gaps: string[] = []
  if (power) {
    const d = h.queryDecimated(power.name, from, to, points)
    let sum = 0
    let any = false
    d.avg.forEach((avg, i) => {
      const t = d.t[i]!
      if (!Number.isFinite(avg) || t + d.bucketMs <= from || t >= to) return
      any = true
      // Only the part of a bucket inside the window counts (a window that is not minute-aligned).
      const span = Math.min(to, t + d.bucketMs) - Math.max(from, t)
      sum += (avg * span) / MS_PER_HOUR
      peakKw = peakKw === null ? avg : Math.max(peakKw, avg)
    })
    if (any) integrated = sum
    gaps.push(...describeGaps(h.gaps(power.name, from, to), from, to, zone))
  }
  if (counter) {
    const d = h.queryDecimated(counter.name, from, to, points)
    const values: number[] = []
    d.first.forEach((first, i) => {
      if (Number.isFinite(first)) values.push(first)
      if (Number.isFinite(d.last[i]!)) values.push(d.last[i]!)
    })
    if (values.length >= 2) {
      let kWh = 0
      for (let i = 1; i < values.length; i++) if (values[i]! > values[i - 1]!) kWh += values[i]! - values[i - 1]!
      // The counter spans a gap (its kWh stay right); the peak kW inside the gap is not known.
      const counterGaps = describeGaps(h.gaps(counter.name, from, to), from, to, zone)
      return { kWh, peakKw, method: 'counter', gaps: counterGaps.length ? counterGaps : gaps }
    }
  }
  if (integrated !== null) return { kWh: integrated, peakKw, method: 'power', gaps }
  return { kWh: null, peakKw, method: null, gaps }
}

/**
 * The energy table: per machine this shift's kWh and peak kW, the same for the previous
 * three shifts of the same kind (e.g. the last three night shifts), and the change against
 * their average; and the site's totals, from the site meter when the map has one, else the sum.
 */
export function energySection(
  h: HistorianReader | undefined,
  tags: readonly TagInfo[],
  equipment: readonly { name: string; type?: string | undefined }[],
  shift: Shift,
  asOf: number,
  previous: readonly Shift[]
): { table: TableSection; site: HandoverContent['siteEnergy'] } {
  const columns = ['Equipment', 'kWh', 'Peak kW', ...previous.map((_, i) => `kWh −${i + 1}`), 'vs avg', 'Source']
  if (!h) {
    const note = 'the historian is not running: no energy figures'
    return { table: { available: false, note, columns, rows: [] }, site: { kWh: null, peakKw: null, previousKWh: previous.map(() => null), note } }
  }
  const byEquipment = equipment.map((eq) => {
    const own = tags.filter((t) => t.equipment === eq.name)
    const now = energyOf(h, own, shift.start, asOf, shift.timeZone)
    const before = previous.map((p) => energyOf(h, own, p.start, p.end).kWh)
    return { eq, now, before }
  })
  const metered = byEquipment.filter((e) => e.now.method !== null || e.before.some((k) => k !== null))
  const rows = metered.map(({ eq, now, before }) => [
    eq.name,
    round(now.kWh, 1),
    round(now.peakKw, 1),
    ...before.map((k) => round(k, 1)),
    change(now.kWh, before),
    now.method === 'counter' ? 'energy counter' : now.method === 'power' ? 'power, integrated' : 'no data'
  ])
  // One line per gap, naming the machines it hit ("all machines" for a link loss).
  const hit = new Map<string, string[]>()
  for (const e of metered) for (const g of e.now.gaps) hit.set(g, [...(hit.get(g) ?? []), e.eq.name])
  const gaps = [...hit].map(([g, names]) => `${names.length === metered.length && names.length > 1 ? 'all machines' : names.join(', ')}: ${g}`)
  const site = metered.find((e) => SITE_METER.test(e.eq.type ?? ''))
  const machines = metered.filter((e) => e !== site)
  const sum = (values: (number | null)[]): number | null => (values.some((v) => v !== null) ? values.reduce<number>((a, v) => a + (v ?? 0), 0) : null)
  const siteEnergy: HandoverContent['siteEnergy'] = site
    ? { kWh: round(site.now.kWh, 1), peakKw: round(site.now.peakKw, 1), previousKWh: site.before.map((k) => round(k, 1)), note: `site meter ${site.eq.name}` }
    : {
        kWh: round(sum(machines.map((m) => m.now.kWh)), 1),
        peakKw: null,
        previousKWh: previous.map((_, i) => round(sum(machines.map((m) => m.before[i] ?? null)), 1)),
        note: 'sum of the machines (no site meter in the tag map); site peak kW needs a site meter'
      }
  const note = [
    asOf < shift.end ? `up to ${localTime(asOf, shift.timeZone, shift.start)} (the shift was not over)` : undefined,
    gaps.length ? `historian gaps (kWh from a counter stay complete, from power they are understated; peak kW inside a gap is not known): ${gaps.join('; ')}` : undefined,
    metered.length === 0 ? 'no machine has an energy counter (kWh) or power (kW) tag with recorded values' : undefined
  ].filter(Boolean)
  return {
    table: { available: metered.length > 0, ...(note.length ? { note: note.join('. ') } : {}), columns, rows },
    site: siteEnergy
  }
}

/** This shift against the average of the previous ones, in percent ("+12 %"). */
function change(now: number | null, before: (number | null)[]): string | null {
  const known = before.filter((k): k is number => k !== null)
  if (now === null || known.length === 0) return null
  const avg = known.reduce((a, b) => a + b, 0) / known.length
  if (avg <= 0) return null
  const pct = ((now - avg) / avg) * 100
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(0)} %`
}
