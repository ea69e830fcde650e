import { isRaise, type AnomalyEvent, type DetectorName } from '../../../shared/anomaly'

/**
 * Root-cause grouping: one fault shows in several detectors of one machine within
 * minutes (a lube leak: level, then bearing temperature, then the machine's model). The
 * first raise on a machine leads; raises on the same machine within {@link ROOT_CAUSE_WINDOW_S}
 * of it become its evidence (`evidenceFor`), so the operator and the maintenance scheduler
 * see one anomaly with its evidence instead of three.
 */
export interface RootCauseState {
  /** The open lead anomaly per equipment: its id and (source) time. */
  leads: Record<string, { id: string; time: number }>
}

/** No leads yet. */
export const newRootCauseState = (): RootCauseState => ({ leads: {} })

/**
 * Plant seconds within which further raises on a machine count as evidence of its lead.
 * A developing fault crosses from one signal to the next in minutes (heat follows a lost
 * lubricant film within the quarter hour); an unrelated second fault in that time is rare.
 */
export const ROOT_CAUSE_WINDOW_S = 15 * 60

// Of raises in the same instant, the one that names a tag and a mechanism leads: a
// single-tag learned detector over the absolute rules, the machine's model last.
const SPECIFICITY: Record<DetectorName, number> = {
  drift: 0,
  baseline: 0,
  rate: 1,
  trend: 1,
  iso10816: 2,
  standstill: 1,
  limit: 2,
  multivariate: 3,
  health: 9,
  regime: 9
}

const grouped = (e: AnomalyEvent): boolean => e.kind === 'anomaly' || e.kind === 'predictive'

/**
 * Marks the raises among `events[from..]` that are evidence of an open lead on their
 * machine. `windowMs` is in the events' time (source time: the plant window over the time scale).
 */
export function groupRootCauses(s: RootCauseState, events: AnomalyEvent[], from: number, windowMs: number): void {
  if (events.length <= from) return
  for (let i = from; i < events.length; i++) {
    const e = events[i]!
    if (!e.active && grouped(e) && s.leads[e.equipment]?.id === e.id) delete s.leads[e.equipment]
  }
  // An update of a standing prediction is no new anomaly: it neither leads nor joins a lead.
  const raises = events.slice(from).filter((e) => isRaise(e) && grouped(e))
  raises.sort((a, b) => a.time - b.time || SPECIFICITY[a.detector] - SPECIFICITY[b.detector])
  for (const e of raises) {
    const lead = s.leads[e.equipment]
    if (lead !== undefined && lead.id !== e.id && e.time - lead.time <= windowMs) e.evidenceFor = lead.id
    else if (lead === undefined || e.time - lead.time > windowMs) s.leads[e.equipment] = { id: e.id, time: e.time }
  }
}
