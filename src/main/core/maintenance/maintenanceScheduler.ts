import type { AnomalyEvent } from '../../../shared/anomaly'
import type { MaintenanceEntry } from '../../../shared/domain'
import type { MaintenanceLog } from './maintenanceLog'

/** One scheduled job per condition per shift (plant time): a flapping condition must not fill the log. */
const RESCHEDULE_AFTER_MS = 8 * 3600_000
/** Work on an anomaly without a predicted crossing is due within the next shift (plant time). */
const ANOMALY_DUE_MS = 8 * 3600_000

const formatDuration = (seconds: number): string => {
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
}

/**
 * Turns raised engine conditions into scheduled maintenance. `timeScale` is the
 * plant's pace (see `DetectionOptions.timeScale`): a shift is plant time, so on a
 * plant running N times fast the next shift and the once-per-shift rule shrink N times. A predictive alarm
 * books the tag map's action before the predicted crossing (ETA less one sigma);
 * an anomaly with an action (the tag's, or the equipment's for its multivariate
 * model) books it for the next shift. Returns the new entries.
 */
export function scheduleMaintenance(log: MaintenanceLog, events: readonly AnomalyEvent[], now: number, timeScale = 1): MaintenanceEntry[] {
  const added: MaintenanceEntry[] = []
  for (const event of events) {
    if (!event.active || event.evidenceFor !== undefined || event.detector === 'limit' || event.kind === 'data-quality' || event.kind === 'info' || !event.action) continue
    if (log.scheduledBy(event.condition, now - RESCHEDULE_AFTER_MS / timeScale)) continue
    const predictive = event.kind === 'predictive' && event.etaSeconds !== null
    const leadS = predictive ? Math.max(0, event.etaSeconds! - (event.etaUncertaintySeconds ?? 0)) : ANOMALY_DUE_MS / 1000 / timeScale
    const why = predictive
      ? `${event.tag} predicted to reach ${event.etaLimit} ${event.expected ?? ''} ${event.unit} in ${formatDuration(event.etaSeconds!)} (±${formatDuration(event.etaUncertaintySeconds ?? 0)})`.replace(/\s+/g, ' ')
      : `${event.detector === 'multivariate' ? `${event.equipment}:` : event.tag} ${event.detail}`
    added.push(
      log.add({
        text: `Scheduled: ${event.action} — ${why}`,
        equipment: event.equipment,
        source: 'engine',
        dueAt: now + leadS * 1000,
        condition: event.condition
      })
    )
  }
  return added
}
