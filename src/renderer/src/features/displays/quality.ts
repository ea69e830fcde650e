import { STATUS_NO_COMMUNICATION, STATUS_STALE, type TagHealth } from '../../../../shared/domain'
import { isLastUsableValue, statusCodeName } from '../../../../shared/statusCodes'
import { formatTime } from '../../lib/format'
import type { SeriesView } from '../../../../shared/sampleRing'
import { latestReading } from '../../lib/latestReading'
import { healthNote } from '../connection/healthText'

/**
 * How far an operator may trust a shown value. `good`: current; `uncertain`: current, but
 * the source doubts it (OPC UA Uncertain, e.g. UncertainSensorNotAccurate); `stale`: the last
 * usable value, no longer updated (Uncertain…LastUsableValue: the link or the source stopped);
 * `bad`: no usable value (OPC UA Bad, or a configuration error); `none`: nothing received yet.
 */
export type QualityKind = 'good' | 'uncertain' | 'stale' | 'bad' | 'none'

export interface TagQuality {
  kind: QualityKind
  /** Short mark next to the value: `UNCERT`, `STALE`, `BAD`; empty when good. */
  mark: string
  /** Why, in a sentence: what is wrong and since when. */
  reason: string
  /** The newest finite value (shown greyed when not good), its source time, and the newest sample's status. */
  value: number | undefined
  time: number | undefined
  status: number | undefined
}

/**
 * Judges a tag's newest sample and health. A warning (precision lost, text converted) keeps a
 * good value good but says why in `reason`; a configuration error is always bad.
 */
export function tagQuality(series: SeriesView | undefined, health: TagHealth | undefined): TagQuality {
  const reading = latestReading(series)
  const last = series && series.length > 0 ? series.length - 1 : -1
  const status = last >= 0 ? series!.statusAt(last) : undefined
  const note = healthNote(health)
  const base = { value: reading.value, time: reading.time, status }
  if (note?.level === 'error') return { ...base, kind: 'bad', mark: 'BAD', reason: note.detail }
  if (status === undefined) return { ...base, kind: 'none', mark: '', reason: note?.detail ?? 'no value received yet' }
  const severity = status >>> 30
  const since = last >= 0 ? formatTime(series!.timeAt(last)) : ''
  if (severity === 0) {
    if (!reading.good) return { ...base, kind: 'bad', mark: 'BAD', reason: 'the value is not a number' }
    return { ...base, kind: 'good', mark: '', reason: note ? note.detail : 'good' }
  }
  const held = reading.value !== undefined && reading.time !== undefined ? `; last value from ${formatTime(reading.time)}` : ''
  const name = statusCodeName(status)
  if (severity === 1 && isLastUsableValue(status)) return { ...base, kind: 'stale', mark: 'STALE', reason: `${name} since ${since}: not updated${held}` }
  if (severity === 1) return { ...base, kind: 'uncertain', mark: 'UNCERT', reason: `${name}: the source marks this value uncertain` }
  return { ...base, kind: 'bad', mark: 'BAD', reason: `${name} since ${since}${held}` }
}

/** What stands next to a faceplate's value: its StatusCode by name and the time it carries, saying whose clock that is. */
export interface ValueStamp {
  /** `Good`, `UncertainLastUsableValue`, `BadCommunicationError`… of the newest sample. */
  status: string
  /** Epoch ms of the newest sample. */
  time: number
  /**
   * `source`: the device's timestamp as the server delivered it; `server`: the server's (or
   * Plantwatch's receive) time, because the source timestamp was missing, frozen, ahead or
   * going backwards (the tag's health says which); `plantwatch`: a mark Plantwatch stamped
   * itself when the link or the data stopped (stale, no communication), at that moment.
   */
  clock: 'source' | 'server' | 'plantwatch'
}

/** The newest sample's stamp, or undefined before the first one. */
export function valueStamp(series: SeriesView | undefined, health: TagHealth | undefined): ValueStamp | undefined {
  if (!series || series.length === 0) return undefined
  const last = series.length - 1
  const status = series.statusAt(last)
  const marked = status === STATUS_STALE || status === STATUS_NO_COMMUNICATION
  const clock = marked ? 'plantwatch' : health?.code?.startsWith('SourceTimestamp') ? 'server' : 'source'
  return { status: statusCodeName(status), time: series.timeAt(last), clock }
}
