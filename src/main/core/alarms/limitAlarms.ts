import { limitAlarmId } from '../../../shared/alarms'
import { isGoodStatus, type TagInfo } from '../../../shared/domain'
import type { SampleBatch } from '../../../shared/contract'
import { LIMIT_NAMES, type LimitName } from '../../../shared/tagMap'
import type { AlarmCondition, AlarmSummary } from './alarmSummary'
import { IS_HIGH_LIMIT, LIMIT_PRIORITY, alarmDeadband, limitDelays, stepGate, tagLimits, type LimitGate, type TagLimits } from './limitEvaluator'

/**
 * Evaluates a batch against the tags' limits. `tick(nowMs)` lets delays run out on time
 * alone: OPC UA reports changes only, so a value that settles just inside its limit sends
 * nothing more, and its alarm must still return to normal once the off-delay has passed.
 * `describe(id)` is the condition of a configured limit by its alarm id (`limit:<tag>:<limit>`),
 * raised or not (value null), or undefined for an id that names no configured limit: what
 * an engineer takes out of service before it ever fires.
 */
export type LimitAlarms = ((batch: SampleBatch) => void) & { tick(nowMs: number): void; describe(id: string): AlarmCondition | undefined }

/** `limit:<tag>:<limit>` → its parts; tag names may hold colons, limits do not. */
const LIMIT_ID = new RegExp(`^limit:(.+):(${LIMIT_NAMES.join('|')})$`)

/** The condition of `tag`'s `limit` alarm with `value` (null: not judged yet). */
function conditionOf(tag: TagInfo, limit: LimitName, threshold: number, value: number | null): AlarmCondition {
  return {
    id: limitAlarmId(tag.name, limit),
    tag: tag.name,
    equipment: tag.equipment,
    kind: 'limit',
    limit,
    priority: LIMIT_PRIORITY[limit],
    // The row names the tag already; descriptions are too long for a banner line.
    message: `${variableOf(tag)} ${IS_HIGH_LIMIT[limit] ? 'above' : 'below'} ${limit} limit`,
    // The alarm keeps the value that raised it; the live value is on the trend and indicators.
    value,
    threshold,
    unit: tag.unit,
    ...(tag.action ? { action: tag.action } : {}),
    ...(tag.latch ? { latching: true } : {})
  }
}

/** `CV-101.Vibration` → `Vibration`: the measured variable without its equipment. */
const variableOf = (tag: TagInfo): string => (tag.name.startsWith(`${tag.equipment}.`) ? tag.name.slice(tag.equipment.length + 1) : tag.name)

interface Pending {
  tag: TagInfo
  limits: TagLimits
  /** Wall-clock time the pending change was first seen: `tick` times delays on it, whatever the device clock says. */
  wall: number
  /** The latest value while the change waits; the alarm keeps it. */
  value: number
}

/**
 * H/HH/L/LL alarms of a tag list, kept in `summary`, judged by the one limit evaluator
 * (hysteresis, on/off delays timed by source timestamps). Values with Bad or Uncertain
 * quality and non-finite values never change a condition: a lost sensor is a
 * sensor-health problem, not a process alarm. After a restart, the conditions the
 * summary still holds active start active, so the first good value inside the limits
 * returns them (re-evaluation against live values).
 */
export function createLimitAlarms(tags: readonly TagInfo[], summary: AlarmSummary, clock: () => number = Date.now): LimitAlarms {
  const byTag = tags.map((tag) => {
    const limits = tagLimits(tag.limits, alarmDeadband(tag), limitDelays(tag.detectors))
    for (const g of limits.gates) g.gate.on = summary.get(limitAlarmId(tag.name, g.limit))?.active === true
    return limits
  })
  const waiting = new Map<LimitGate, Pending>()

  function commit(g: LimitGate, p: Pending, at: number): void {
    waiting.delete(g)
    const { tag } = p
    summary.set(conditionOf(tag, g.limit, g.threshold, p.value), g.gate.on, at)
  }

  const evaluate = (batch: SampleBatch): void =>
    summary.batch(() => {
      for (let i = 0; i < batch.value.length; i++) {
        const tag = tags[batch.tagIndex[i]!]
        const limits = byTag[batch.tagIndex[i]!]
        if (tag === undefined || limits === undefined) continue
        const value = batch.value[i]!
        const t = batch.sourceTime[i]!
        if (!Number.isFinite(value) || !isGoodStatus(batch.status[i]!)) {
          // The value is no longer known (stale, bad sensor): a pending change can no longer be confirmed.
          for (const g of limits.gates) {
            g.gate.pendingSince = Number.NaN
            if (waiting.size !== 0) waiting.delete(g)
          }
          continue
        }
        const gates = limits.gates
        for (let k = 0; k < gates.length; k++) {
          const g = gates[k]!
          if (stepGate(g, limits, value, t)) commit(g, { tag, limits, wall: clock(), value }, clock())
          else if (Number.isNaN(g.gate.pendingSince)) {
            // The common case, nothing pending anywhere, touches no map.
            if (waiting.size !== 0) waiting.delete(g)
          } else {
            const p = waiting.get(g)
            if (p === undefined) waiting.set(g, { tag, limits, wall: clock(), value })
            else p.value = value
          }
        }
      }
    })
  const tick = (nowMs: number): void =>
    summary.batch(() => {
      for (const [g, p] of waiting) {
        if (nowMs - p.wall < (g.gate.on ? p.limits.offDelayMs : p.limits.onDelayMs)) continue
        g.gate.on = !g.gate.on
        g.gate.pendingSince = Number.NaN
        commit(g, p, nowMs)
      }
    })
  function describe(id: string): AlarmCondition | undefined {
    const [, name, limit] = LIMIT_ID.exec(id) ?? []
    const index = tags.findIndex((t) => t.name === name)
    const g = byTag[index]?.gates.find((gate) => gate.limit === limit)
    return g ? conditionOf(tags[index]!, g.limit, g.threshold, null) : undefined
  }
  return Object.assign(evaluate, { tick, describe })
}
