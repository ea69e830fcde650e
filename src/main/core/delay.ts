/**
 * The one on/off delay of Plantwatch (ISA-18.2 §10.4.4 "on-delay" and "off-delay"): a
 * wanted state must persist for its delay before it takes effect. Limit alarms and the
 * engine's detectors both use it, timed by the samples' source timestamps.
 */
export interface Debounce {
  on: boolean
  /** Epoch ms since the wanted state differs from `on`, or NaN. */
  pendingSince: number
}

/** Off, nothing pending. */
export const newDebounce = (on = false): Debounce => ({ on, pendingSince: Number.NaN })

/** Feeds the wanted state at time `t` (ms); returns true when `on` flipped. */
export function debounce(d: Debounce, want: boolean, t: number, onDelayMs: number, offDelayMs: number): boolean {
  if (want === d.on) {
    d.pendingSince = Number.NaN
    return false
  }
  if (Number.isNaN(d.pendingSince)) d.pendingSince = t
  if (t - d.pendingSince < (want ? onDelayMs : offDelayMs)) return false
  d.on = want
  d.pendingSince = Number.NaN
  return true
}
