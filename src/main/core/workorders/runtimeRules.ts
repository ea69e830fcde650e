import type { RuntimeCounters, WorkOrder } from '../../../shared/workOrders'
import type { PlanningMap } from './planner'
import { dueDate } from './planner'
import type { WorkOrderStore } from './workOrderStore'

const UNITS = { runHours: 'run hours', starts: 'starts', energyKWh: 'kWh' } as const

/**
 * Runtime rules ("lube every 500 run hours"): a machine whose counter reached the rule's
 * `every` since its last order of that failure mode was closed (or since recording began)
 * gets a work order, or, when one of that mode is open, runtime evidence on it. The evidence
 * is keyed by the counting period, so checking again adds nothing. `counters(equipment, from)`
 * reads the historian up to now; undefined when it cannot. Returns the orders that changed.
 */
export function checkRuntimeRules(
  store: WorkOrderStore,
  map: PlanningMap,
  equipment: readonly string[],
  counters: (equipment: string, from: number) => RuntimeCounters | undefined,
  now: number,
  timeScale = 1
): WorkOrder[] {
  const changed: WorkOrder[] = []
  for (const machine of equipment) {
    for (const rule of map.runtimeRules(machine)) {
      const { counter, every } = rule.runtime!
      const since = store.lastClosed(machine, rule.failureMode) ?? 0
      const value = counters(machine, since)?.[counter]
      if (value === undefined || value === null || value < every) continue
      const period = `runtime:${machine}:${rule.failureMode}:${counter}:${since}`
      const evidence = {
        at: now,
        alarmId: null,
        kind: 'runtime' as const,
        explanation: `${Math.round(value)} ${UNITS[counter]} ${since ? `since ${new Date(since).toISOString()}` : 'since recording began'} (rule: every ${every} ${UNITS[counter]})`,
        etaAt: null,
        trend: null
      }
      const open = store.active(machine).find((o) => o.failureMode === rule.failureMode)
      const order = store.atomically(() => {
        if (open) return store.addEvidence(open.id, evidence, period) ? store.get(open.id) : undefined
        const dueAt = dueDate(rule, now, null, timeScale)
        const { action, priority, craft, durationH, failureMode } = rule
        return store.create({ equipment: machine, failureMode, action, priority, craft, durationH, dueAt, source: 'runtime' }, evidence, period, now)
      })
      if (order) changed.push(order)
    }
  }
  return changed
}
