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

/** Why a value is not placed at its source timestamp. */
export interface SourceTimeFlag {
  code: SourceTimeCode
  message: string
}

const MISSING: SourceTimeFlag = { code: 'SourceTimestampMissing', message: 'the server sends no source timestamp; the server time is used' }
const BACKWARDS: SourceTimeFlag = { code: 'SourceTimestampBackwards', message: 'the source timestamp went backwards; the server time is used' }
const FROZEN: SourceTimeFlag = { code: 'SourceTimestampFrozen', message: 'the value changes but its source timestamp does not; the server time is used' }

/**
 * Places the values of a connection's tags on the time axis. A usable source timestamp is
 * kept as the value's time. A missing one, one far ahead of the server's time, one that goes
 * backwards or one frozen while the value changes is flagged and replaced by the server's
 * (or our receive) time, kept increasing per tag, so the value is still shown, trended and
 * alarmed.
 */
export interface SourceTimeChecks {
  /**
   * The time (epoch ms) value `value` of tag `index` is placed at; `flag` then says why it is
   * not the source timestamp, or is `undefined` when it is.
   */
  place(index: number, dataValue: DataValue, value: number, receivedAt: number): number
  /** The flag of the last `place` call. */
  readonly flag: SourceTimeFlag | undefined
}

/**
 * The state is kept in columns, one slot per tag: this runs for every value the servers send,
 * and a number kept in a closure per tag would be a new heap object at every value (and a
 * pointer from an old object to a new one, which every minor GC must visit).
 */
export function createSourceTimeChecks(tagCount: number): SourceTimeChecks {
  const lastTime = new Float64Array(tagCount).fill(Number.NEGATIVE_INFINITY)
  const lastSource = new Float64Array(tagCount).fill(Number.NaN)
  const lastValue = new Float64Array(tagCount).fill(Number.NaN)
  const sameSourceChanges = new Uint8Array(tagCount)
  let flag: SourceTimeFlag | undefined
  return {
    get flag() {
      return flag
    },
    place(index, dataValue, value, receivedAt) {
      const source = usableTime(dataValue.sourceTimestamp)
      const server = usableTime(dataValue.serverTimestamp)
      const fallback = Number.isNaN(server) ? receivedAt : server
      const previousSource = lastSource[index]!
      flag = undefined
      let wanted = source
      if (Number.isNaN(source)) {
        flag = MISSING
        wanted = fallback
      } else if (source - Math.min(fallback, receivedAt) > SOURCE_AHEAD_TOLERANCE_MS) {
        // Some servers copy the source timestamp into the server timestamp, so our receive time is checked too.
        wanted = Math.min(fallback, receivedAt)
        flag = { code: 'SourceTimestampAhead', message: `the source timestamp is ${Math.round((source - wanted) / 1000)} s ahead of the server time; the receive time is used` }
      } else {
        if (source < previousSource) flag = BACKWARDS
        else if (source === previousSource && value !== lastValue[index] && !(Number.isNaN(value) && Number.isNaN(lastValue[index]!))) {
          if (sameSourceChanges[index]! < FROZEN_AFTER_CHANGES) sameSourceChanges[index]!++
          if (sameSourceChanges[index]! >= FROZEN_AFTER_CHANGES) flag = FROZEN
        } else sameSourceChanges[index] = 0
        if (flag) wanted = fallback
        lastSource[index] = Number.isNaN(previousSource) ? source : Math.max(previousSource, source)
      }
      lastValue[index] = value
      // The trend and the historian need time to increase per tag.
      const time = wanted > lastTime[index]! ? wanted : lastTime[index]! + 1
      lastTime[index] = time
      return time
    }
  }
}
