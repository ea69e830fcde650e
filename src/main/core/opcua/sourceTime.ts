import type { DataValue } from 'node-opcua'

/**
 * A source timestamp more than this ahead of the server's own timestamp is a wrong clock
 * in the device, not a measurement from the future. Five minutes leaves room for servers
 * whose ServerTimestamp lags (sampling, queueing) without hiding a clock set wrong.
 */
export const SOURCE_AHEAD_TOLERANCE_MS = 5 * 60_000
/** A value that changes this many times under the same source timestamp is taken as a frozen device clock. */
const FROZEN_AFTER_CHANGES = 3

/** An OPC UA timestamp as epoch ms, or NaN when the server sent none (absent, zero or not a date). */
export function usableTime(stamp: Date | null | undefined): number {
  const t = stamp?.getTime()
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : Number.NaN
}

export type SourceTimeCode = 'SourceTimestampMissing' | 'SourceTimestampAhead' | 'SourceTimestampBackwards' | 'SourceTimestampFrozen'

/** The time a value is placed at, and why it is not its source timestamp (when it is not). */
export interface PlacedTime {
  time: number
  code?: SourceTimeCode
  message?: string
}

/**
 * Places each value of one tag on the time axis. A usable source timestamp is kept as the
 * value's time. A missing one, one far ahead of the server's time, one that goes backwards
 * or one frozen while the value changes is flagged and replaced by the server's (or our
 * receive) time, kept increasing, so the value is still shown, trended and alarmed.
 */
export function createSourceTimeCheck(): (dataValue: DataValue, value: number, receivedAt: number) => PlacedTime {
  let lastTime = Number.NEGATIVE_INFINITY
  let lastSource = Number.NaN
  let lastValue = Number.NaN
  let sameSourceChanges = 0
  return (dataValue, value, receivedAt) => {
    const source = usableTime(dataValue.sourceTimestamp)
    const server = usableTime(dataValue.serverTimestamp)
    const fallback = Number.isNaN(server) ? receivedAt : server
    let flag: Omit<PlacedTime, 'time'> | undefined
    if (Number.isNaN(source)) {
      flag = { code: 'SourceTimestampMissing', message: 'the server sends no source timestamp; the server time is used' }
    } else if (source - Math.min(fallback, receivedAt) > SOURCE_AHEAD_TOLERANCE_MS) {
      // Some servers copy the source timestamp into the server timestamp, so our receive time is checked too.
      flag = { code: 'SourceTimestampAhead', message: `the source timestamp is ${Math.round((source - Math.min(fallback, receivedAt)) / 1000)} s ahead of the server time; the receive time is used` }
    } else if (source < lastSource) {
      flag = { code: 'SourceTimestampBackwards', message: 'the source timestamp went backwards; the server time is used' }
    } else if (source === lastSource && value !== lastValue && !(Number.isNaN(value) && Number.isNaN(lastValue))) {
      sameSourceChanges++
      if (sameSourceChanges >= FROZEN_AFTER_CHANGES) flag = { code: 'SourceTimestampFrozen', message: 'the value changes but its source timestamp does not; the server time is used' }
    } else sameSourceChanges = 0
    if (!Number.isNaN(source) && flag?.code !== 'SourceTimestampAhead') lastSource = Math.max(Number.isNaN(lastSource) ? source : lastSource, source)
    lastValue = value
    const wanted = flag?.code === 'SourceTimestampAhead' ? Math.min(fallback, receivedAt) : flag ? fallback : source
    // The trend and the historian need time to increase per tag.
    const time = wanted > lastTime ? wanted : lastTime + 1
    lastTime = time
    return flag ? { time, ...flag } : { time }
  }
}
