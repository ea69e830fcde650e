import type { VibrationClass } from '../../../shared/tagMap'
import type { Condition, Sample } from './types'

/**
 * ISO 10816-3 (2009), table A.1/A.2: zone boundaries of broadband vibration velocity,
 * mm/s RMS, for the machine groups and foundations. A/B: new machines; B/C: limit of
 * unrestricted long-term operation; C/D: damage likely. An absolute rule: it needs no
 * learning, so it judges while the engine still learns a machine or an operating point.
 */
export const ISO10816_ZONES_MM_S: Record<VibrationClass, readonly [ab: number, bc: number, cd: number]> = {
  'group1-rigid': [2.3, 4.5, 7.1],
  'group1-flexible': [3.5, 7.1, 11.0],
  'group2-rigid': [1.4, 2.8, 4.5],
  'group2-flexible': [2.3, 4.5, 7.1]
}

/** Zone tracking of one vibration tag; `bc` NaN: no class set, the rule is off. */
export interface IsoState {
  bc: number
  cd: number
  zone: '' | 'C' | 'D'
  pending: '' | 'C' | 'D'
  pendingSince: number
}

/** The rule switched off (no machine class). */
export const ISO_IDLE: IsoState = { bc: Number.NaN, cd: Number.NaN, zone: '', pending: '', pendingSince: 0 }

/** Zone state for a machine class. */
export function isoFor(cls: VibrationClass): IsoState {
  const [, bc, cd] = ISO10816_ZONES_MM_S[cls]
  return { ...ISO_IDLE, bc, cd }
}

// A zone must hold a minute before it counts: ISO 10816 judges steady running, not a knock.
const HOLD_MS = 60_000
// Leaving a zone needs the value 5 % under its boundary, so a value at the edge does not chatter.
const HYSTERESIS = 0.95

/** Feeds one sample of a running machine; returns true when the condition changed. */
export function stepIso10816(s: IsoState, x: Sample, out: Condition): boolean {
  if (Number.isNaN(s.bc)) return false
  const k = s.zone === 'D' ? HYSTERESIS : 1
  const kc = s.zone !== '' ? HYSTERESIS : 1
  const raw = x.v >= s.cd * k ? 'D' : x.v >= s.bc * kc ? 'C' : ''
  if (raw === s.zone) {
    s.pending = raw
    return false
  }
  if (raw !== s.pending) {
    s.pending = raw
    s.pendingSince = x.t
  }
  if (x.t - s.pendingSince < HOLD_MS) return false
  s.zone = raw
  out.active = raw !== ''
  out.variant = raw
  out.since = x.t
  out.actual = x.v
  out.expected = raw === 'D' ? s.cd : s.bc
  out.severity = raw === 'D' ? 'high' : raw === 'C' ? 'medium' : 'info'
  out.score = raw === 'D' ? 0.9 : raw === 'C' ? 0.6 : 0
  out.detail =
    raw === 'D' ? 'ISO 10816-3 zone D: vibration severe enough to cause damage' : raw === 'C' ? 'ISO 10816-3 zone C: unsatisfactory for long-term operation' : 'back in ISO 10816-3 zone A/B'
  return true
}
