import type { DataValue } from 'node-opcua'
import { STATUS_NO_COMMUNICATION, STATUS_STALE } from '../../../shared/domain'
import type { SampleBatcher } from '../samples/sampleBatcher'
import { numericValue } from './numericValue'
import { createSourceTimeChecks, usableTime } from './sourceTime'
import type { TagHealthTable } from './tagHealth'

/** One object for every good value: this runs for every value the servers send. */
const GOOD = { state: 'good' } as const

/** Values held back during a session check at most (a few MB); more would be a backlog, not a blip. */
const MAX_HELD_VALUES = 100_000

/**
 * The way from a monitored item's DataValue to a sample: converted to a number, its source
 * time checked, its tag's health updated, batched. While the link is in doubt (`stop`), no
 * value passes: each is held until the session is verified (`resume`), or dropped when the
 * subscription is rebuilt (`discardHeld`), since it may come from a NodeId that now means
 * another node.
 */
export interface TagValues {
  accept(index: number, dataValue: DataValue): void
  /** Marks every usable tag's last value stale once, and holds values from now on. */
  stop(): void
  /** Drops the values held so far (they came from a subscription being replaced). */
  discardHeld(): void
  /** Lets values through again, the held ones first. */
  resume(): void
  /** Source time (epoch ms) of the newest value of tag `index` passed on; -Infinity before the first. */
  lastTime(index: number): number
  /**
   * The server's timestamp (epoch ms) of the newest value of tag `index` passed on; NaN before
   * the first, or when the server sent none with it (OPC UA Part 4 §7.7: it may omit it).
   */
  serverTime(index: number): number
  /**
   * The history up to `time` was handed on another way (a backfill): live values of tag
   * `index` stamped at or before it are dropped until one is newer, so the stream never
   * repeats a value or goes back in time.
   */
  fence(index: number, time: number): void
}

export function createTagValues(tagCount: number, batcher: SampleBatcher, health: TagHealthTable, clock: () => number = Date.now): TagValues {
  const timeChecks = createSourceTimeChecks(tagCount)
  const lastValue = new Float64Array(tagCount).fill(Number.NaN)
  const lastTime = new Float64Array(tagCount).fill(Number.NEGATIVE_INFINITY)
  const fences = new Float64Array(tagCount).fill(Number.NEGATIVE_INFINITY)
  // A column, not an object per value: this runs for every value the servers send.
  const serverTimes = new Float64Array(tagCount).fill(Number.NaN)
  let flowing = false
  let held: Array<[number, DataValue]> = []

  function pass(index: number, dataValue: DataValue): void {
    if (fences[index]! > Number.NEGATIVE_INFINITY) {
      const source = dataValue.sourceTimestamp?.getTime() ?? Number.NaN
      if (source <= fences[index]!) return
      fences[index] = Number.NEGATIVE_INFINITY
    }
    const reading = numericValue(dataValue)
    const time = timeChecks.place(index, dataValue, reading.value, clock())
    const flag = timeChecks.flag
    lastValue[index] = reading.value
    lastTime[index] = time
    serverTimes[index] = usableTime(dataValue.serverTimestamp)
    const issue = reading.issue ?? (flag ? { level: 'warning' as const, ...flag } : undefined)
    health.set(index, issue ? { state: issue.level, code: issue.code, message: issue.message } : GOOD)
    batcher.push(index, time, reading.value, dataValue.statusCode.value >>> 0)
  }

  return {
    accept(index, dataValue) {
      if (flowing) pass(index, dataValue)
      else if (held.length < MAX_HELD_VALUES) held.push([index, dataValue])
    },
    stop() {
      if (!flowing) return
      flowing = false
      const now = clock()
      for (let i = 0; i < tagCount; i++) {
        if (health.get(i).state === 'error') continue
        const value = lastValue[i]!
        // Part 8: the last value is Uncertain_LastUsableValue; with none, Bad_NoCommunication.
        batcher.push(i, now, value, Number.isFinite(value) ? STATUS_STALE : STATUS_NO_COMMUNICATION)
      }
      batcher.flush()
    },
    discardHeld() {
      held = []
    },
    resume() {
      const replay = held
      held = []
      flowing = true
      for (const [index, dataValue] of replay) pass(index, dataValue)
    },
    lastTime: (index) => lastTime[index]!,
    serverTime: (index) => serverTimes[index] ?? Number.NaN,
    fence(index, time) {
      fences[index] = Math.max(fences[index]!, time)
      lastTime[index] = Math.max(lastTime[index]!, time)
    }
  }
}
