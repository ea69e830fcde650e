import type { AnomalyEvent } from '../../../shared/anomaly'
import type { SignalKind, TagMap } from '../../../shared/tagMap'
import type { FailureMode, MaintenanceRule, WorkOrder, WorkOrderEvidence } from '../../../shared/workOrders'
import { alarmIdOf, CONDITION_MODES, CONSEQUENCES, DEFAULT_CRAFT, failureModeOf, isMaintenanceEvent } from './failureModes'
import type { WorkOrderStore } from './workOrderStore'

const HOUR_MS = 3_600_000
/** The trend link opens on the two plant hours before a detection… */
const TREND_BEFORE_MS = 2 * HOUR_MS
/** …and half a plant hour after it. */
const TREND_AFTER_MS = HOUR_MS / 2
/**
 * A condition that clears and raises again (a drill stops between holes) is one piece of
 * evidence per plant hour, unless it brings a prediction: the order must not fill with repeats.
 */
const REPEAT_EVIDENCE_MS = HOUR_MS

/** What the planner needs of the tag map in force. */
export interface PlanningMap {
  signalOf(tag: string): SignalKind | undefined
  /** The detection rule (no `runtime`) for a machine and failure mode; a generic one when the map has none. */
  ruleFor(equipment: string, mode: FailureMode, event?: AnomalyEvent): MaintenanceRule
  /** Runtime rules of a machine (by its type). */
  runtimeRules(equipment: string): MaintenanceRule[]
}

/**
 * A rule when the tag map has none for a machine's type and failure mode: the tag's own
 * action (else "inspect"), priority from the detection's severity, due within a shift
 * (8 plant hours, the old scheduler's window), no lead margin, one hour of work.
 */
export function defaultRuleFor(mode: FailureMode, event?: AnomalyEvent): MaintenanceRule {
  const severity = event?.severity ?? 'medium'
  return {
    failureMode: mode,
    action: event?.action ? event.action.charAt(0).toUpperCase() + event.action.slice(1) : `Inspect (${mode})`,
    priority: severity === 'critical' ? 'urgent' : severity === 'high' ? 'high' : severity === 'low' || severity === 'info' ? 'low' : 'medium',
    craft: DEFAULT_CRAFT[mode],
    leadMarginH: 0,
    durationH: 1,
    dueWithinH: 8
  }
}

/** The tag map seen by the planner: signal kinds by tag, rules by the machines' types. */
export function planningMap(map: TagMap): PlanningMap {
  const signals = new Map(map.tags.map((t) => [t.name, t.signal]))
  const rulesOf = (equipment: string): MaintenanceRule[] => {
    const type = map.equipment?.[equipment]?.type
    return type === undefined ? [] : (map.maintenanceRules?.[type] ?? [])
  }
  return {
    signalOf: (tag) => signals.get(tag),
    ruleFor: (equipment, mode, event) => rulesOf(equipment).find((r) => !r.runtime && r.failureMode === mode) ?? defaultRuleFor(mode, event),
    runtimeRules: (equipment) => rulesOf(equipment).filter((r) => r.runtime !== undefined)
  }
}

/**
 * When a job is due: before the predicted failure (ETA less its one-sigma uncertainty and
 * the rule's lead margin) when there is one, else the rule's `dueWithinH` from now. Never
 * in the past: a failure closer than the lead margin makes the job due now. `timeScale`
 * is plant seconds per source second (the demo plant's speed): rule hours are plant hours.
 */
export function dueDate(rule: MaintenanceRule, now: number, etaAt: number | null, timeScale: number): number {
  if (etaAt !== null) return Math.max(now, etaAt - (rule.leadMarginH * HOUR_MS) / timeScale)
  return now + (rule.dueWithinH * HOUR_MS) / timeScale
}

/** Epoch ms of the predicted failure an event gives (ETA less one sigma), or null. */
const etaOf = (e: AnomalyEvent): number | null =>
  e.kind === 'predictive' && e.etaSeconds !== null ? e.time + Math.max(0, e.etaSeconds - (e.etaUncertaintySeconds ?? 0)) * 1000 : null

function evidenceOf(e: AnomalyEvent, kind: WorkOrderEvidence['kind'], timeScale: number): WorkOrderEvidence {
  return {
    at: e.time,
    alarmId: alarmIdOf(e),
    kind,
    explanation: `${e.detector}: ${e.message}`,
    etaAt: etaOf(e),
    trend: { from: Math.round(e.time - TREND_BEFORE_MS / timeScale), to: Math.round(e.time + TREND_AFTER_MS / timeScale), tags: e.tags }
  }
}

/**
 * Turns the engine's raised anomalies and predictions into work orders, one open order
 * per machine and failure mode. An event goes, in this order, to: the order its root-cause
 * lead is evidence of; the machine's open order of the same failure mode; an open order
 * whose failure mode it is a known consequence of (see `CONSEQUENCES`); an open order of one
 * of its own consequences, which then becomes an order for this cause (`reclassify`: the cause
 * showed after its effect, and nobody has acted on the order yet); else a new order.
 * Evidence may bring the due date forward, never back; so may an update of a standing
 * prediction (see `redate`). Returns the orders that changed.
 */
export function planWorkOrders(store: WorkOrderStore, map: PlanningMap, events: readonly AnomalyEvent[], now: number, timeScale = 1): WorkOrder[] {
  const changed = new Map<number, WorkOrder>()
  // Leads first, so that their evidence finds the order they opened.
  const raised = events.filter(isMaintenanceEvent).sort((a, b) => Number(a.evidenceFor !== undefined) - Number(b.evidenceFor !== undefined) || a.time - b.time)
  for (const event of raised) {
    const mode = failureModeOf(event, map.signalOf)
    const active = store.active(event.equipment)
    const leadOrder = event.evidenceFor === undefined ? undefined : store.orderOfEvent(event.evidenceFor)
    const target =
      active.find((o) => o.id === leadOrder) ?? active.find((o) => o.failureMode === mode) ?? active.find((o) => CONSEQUENCES[o.failureMode].includes(mode))
    store.atomically(() => {
      if (target) {
        const kind = target.failureMode === mode && event.evidenceFor === undefined ? 'detection' : 'consequential'
        const evidence = evidenceOf(event, kind, timeScale)
        const repeat = evidence.etaAt === null && target.evidence.some((e) => e.alarmId === evidence.alarmId && evidence.at - e.at < REPEAT_EVIDENCE_MS / timeScale)
        if (repeat) return
        const added = store.addEvidence(target.id, evidence, event.id)
        const due = dueDate(map.ruleFor(target.equipment, target.failureMode, event), now, evidence.etaAt, timeScale)
        const earlier = added && target.state !== 'in-progress' && store.bringForward(target.id, due, now)
        if (added || earlier) changed.set(target.id, store.get(target.id)!)
        return
      }
      if (event.detector === 'limit' && !CONDITION_MODES.has(mode)) return
      const rule = map.ruleFor(event.equipment, mode, event)
      const evidence = evidenceOf(event, 'detection', timeScale)
      const effect = active.find((o) => o.state === 'open' && CONSEQUENCES[mode].includes(o.failureMode))
      if (effect) {
        const { action, priority, craft, durationH } = rule
        store.reclassify(effect.id, { failureMode: mode, action, priority, craft, durationH }, now, `cause found, now ${mode} (was ${effect.failureMode}): ${evidence.explanation}`)
        store.addEvidence(effect.id, evidence, event.id)
        store.bringForward(effect.id, dueDate(rule, now, evidence.etaAt, timeScale), now)
        changed.set(effect.id, store.get(effect.id)!)
        return
      }
      const order = store.create(
        {
          equipment: event.equipment,
          failureMode: mode,
          action: rule.action,
          priority: rule.priority,
          craft: rule.craft,
          durationH: rule.durationH,
          dueAt: dueDate(rule, now, evidence.etaAt, timeScale),
          source: 'detection'
        },
        evidence,
        event.id,
        now
      )
      changed.set(order.id, order)
    })
  }
  for (const update of events) if (update.update === 'prediction') redate(store, map, update, now, timeScale, changed)
  return [...changed.values()]
}

/**
 * A standing prediction's newer ETA (the engine's `update` event, sent when the ETA moved
 * materially) re-dates the order its raise is evidence of, with one evidence row saying so.
 * Earlier only: a later ETA (wear slowing, a noisy fit) never moves a job the planners may
 * already have booked crews and parts for; the alarm's countdown shows it, and the planners
 * judge. An order in progress keeps its date, as for any evidence, and a closed one is done
 * with; neither gets a row, since the update moved nothing.
 */
function redate(store: WorkOrderStore, map: PlanningMap, update: AnomalyEvent, now: number, timeScale: number, changed: Map<number, WorkOrder>): void {
  const id = store.orderOfEvent(update.id)
  const order = id === undefined ? undefined : store.get(id)
  if (!order || (order.state !== 'open' && order.state !== 'scheduled')) return
  const alarmId = alarmIdOf(update)
  const kind = order.evidence.find((e) => e.alarmId === alarmId)?.kind ?? 'detection'
  const evidence = { ...evidenceOf(update, kind, timeScale), explanation: `${update.detector} (prediction updated): ${update.message}` }
  const due = dueDate(map.ruleFor(order.equipment, order.failureMode, update), now, evidence.etaAt, timeScale)
  if (!(due < order.dueAt)) return
  store.atomically(() => {
    // The event id stays with the raise's evidence row: this row only explains the new date.
    store.addEvidence(order.id, evidence, null)
    store.bringForward(order.id, due, now)
  })
  changed.set(order.id, store.get(order.id)!)
}
