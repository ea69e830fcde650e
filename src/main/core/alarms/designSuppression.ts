import type { Alarm } from '../../../shared/alarms'
import type { SampleBatch } from '../../../shared/contract'
import { isGoodStatus, type ConnectionState, type EquipmentInfo, type TagInfo } from '../../../shared/domain'
import type { SignalKind } from '../../../shared/tagMap'

/**
 * Low alarms on these signals only say that a machine is not running (or not fed):
 * they are consequences of a stop, not news (ISA-18.2 §11.3 state-based alarming).
 * Temperatures, vibration, levels and high alarms keep meaning something on a stopped machine.
 */
const RUNNING_DEPENDENT: ReadonlySet<SignalKind> = new Set(['current', 'speed', 'flow', 'power', 'pressure', 'ratio'])
/** Fed by the machine upstream: what a stopped feeder starves. */
const FEED_DEPENDENT: ReadonlySet<SignalKind> = new Set(['current', 'flow', 'power', 'ratio'])
/**
 * After a start, a machine ramps up through its low limits: its running-dependent low alarms
 * stay suppressed this long (or the equipment's `settleS`, if shorter).
 */
export const START_SUPPRESSION_MS = 60_000

type Running = 'running' | 'stopped' | 'unknown'

/**
 * Designed suppression (ISA-18.2 §11.3; IEC 62682 "suppressed by design"): which alarms the
 * plant's state makes meaningless now, and why.
 * - A stopped (or just started) machine: its own low alarms on current, speed, flow, power,
 *   pressure and ratio signals.
 * - A stopped machine upstream (`equipment.<name>.upstream` in the tag map): the starved
 *   machine's low alarms on current, flow, power and ratio signals.
 * - The link to the OPC UA server down: sensor-health alarms (every value is stale; the
 *   system alarm for the link is the one that matters).
 * Running states come from each machine's `state` signal (≥ 0.5 running); a Bad or
 * missing value is unknown and suppresses nothing.
 */
export interface DesignSuppression {
  reason(alarm: Alarm): string | undefined
  /** Takes a batch's running states; returns true when one changed (the caller then reviews suppression). */
  update(batch: SampleBatch, now: number): boolean
  /** True while a start-up window is open, so the caller reviews again as it closes. */
  settling(now: number): boolean
}

export function createDesignSuppression(
  tags: readonly TagInfo[],
  equipment: readonly EquipmentInfo[],
  connection: () => ConnectionState,
  settleS: (equipment: string) => number | undefined = () => undefined
): DesignSuppression {
  // A machine's first state tag says whether it runs.
  const stateTag = new Map<number, string>()
  const withState = new Set<string>()
  for (const tag of tags) {
    if (tag.signal !== 'state' || withState.has(tag.equipment)) continue
    withState.add(tag.equipment)
    stateTag.set(tag.index, tag.equipment)
  }
  const running = new Map<string, Running>()
  const startedAt = new Map<string, number>()
  const signalOf = new Map(tags.map((t) => [t.name, t.signal]))
  const upstreamOf = new Map(equipment.map((e) => [e.name, e.upstream ?? []]))
  const startWindow = (name: string): number => Math.min(START_SUPPRESSION_MS, (settleS(name) ?? Number.POSITIVE_INFINITY) * 1000)
  let now = 0

  const isLow = (alarm: Alarm): boolean => alarm.kind === 'limit' && (alarm.limit === 'L' || alarm.limit === 'LL')
  const starting = (name: string): boolean => running.get(name) === 'running' && now - (startedAt.get(name) ?? Number.NEGATIVE_INFINITY) < startWindow(name)

  return {
    reason(alarm) {
      if (alarm.kind === 'sensor-health' && connection().status !== 'connected') return 'the link to the OPC UA server is down'
      if (!isLow(alarm)) return undefined
      const signal = signalOf.get(alarm.tag)
      if (signal === undefined) return undefined
      if (RUNNING_DEPENDENT.has(signal)) {
        if (running.get(alarm.equipment) === 'stopped') return `${alarm.equipment} is stopped`
        if (starting(alarm.equipment)) return `${alarm.equipment} is starting`
      }
      if (FEED_DEPENDENT.has(signal)) {
        const stopped = (upstreamOf.get(alarm.equipment) ?? []).find((up) => running.get(up) === 'stopped')
        if (stopped !== undefined) return `upstream ${stopped} is stopped`
      }
      return undefined
    },
    update(batch, at) {
      now = at
      let changed = false
      for (let i = 0; i < batch.value.length; i++) {
        const name = stateTag.get(batch.tagIndex[i]!)
        if (name === undefined) continue
        const v = batch.value[i]!
        const next: Running = !isGoodStatus(batch.status[i]!) || !Number.isFinite(v) ? 'unknown' : v >= 0.5 ? 'running' : 'stopped'
        const before = running.get(name)
        if (next === before) continue
        if (next === 'running' && before === 'stopped') startedAt.set(name, at)
        running.set(name, next)
        changed = true
      }
      return changed
    },
    settling(at) {
      now = at
      for (const name of startedAt.keys()) if (running.get(name) === 'running' && at - startedAt.get(name)! < startWindow(name) + 1_000) return true
      return false
    }
  }
}
