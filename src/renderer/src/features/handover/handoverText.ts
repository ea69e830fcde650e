import type { HandoverReport } from '../../../../shared/handover'

/** Headings of the report's tables and note sections, as the PDF prints them. */
export const SECTION_TITLES: Record<string, string> = {
  general: 'General',
  safety: 'Safety',
  status: 'Plant status',
  standing: 'Standing alarms',
  alarms: 'Alarms',
  shelved: 'Shelved alarms',
  suppressed: 'Suppressed alarms',
  kpis: 'Alarm KPIs',
  watch: 'What to watch next shift',
  workOrders: 'Work orders',
  work: 'Work orders',
  maintenance: 'Maintenance log',
  writes: 'Operator writes',
  config: 'Configuration changes',
  changes: 'Changes',
  energy: 'Energy'
}

/** "Draft", "Signed v1 by sue", "Acknowledged by sam (v1, signed by sue)". */
export function reportState(report: HandoverReport): string {
  const v = report.versions.at(-1)
  if (!v) return 'Draft (not signed)'
  const signed = `v${v.version}, signed by ${v.signedBy}`
  return v.acknowledgedBy ? `Acknowledged by ${v.acknowledgedBy} (${signed})` : `Signed: ${signed}; waiting for the incoming supervisor`
}

/** The header's shift text: "Morning shift 06:00–14:00 · crew A" (with the DST label when the shift is not its usual length). */
export function shiftText(shift: { name: string; startLocal: string; endLocal: string; crew: string | null; hours: number; nominalHours: number; label: string }): string {
  const dst = shift.hours !== shift.nominalHours ? ` · ${shift.label}` : ''
  return `${shift.name} shift ${shift.startLocal.slice(11, 16)}–${shift.endLocal.slice(11, 16)}${shift.crew ? ` · crew ${shift.crew}` : ''}${dst}`
}
