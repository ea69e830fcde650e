import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { parseDurationS } from './duration'
import { FaultError, validateFault } from './faults'
import { findEquipment } from './model'
import { jsonPositions, lineCol } from './jsonPositions'
import type { Plant } from './plant'
import { ProductionScheduleSchema, type ProductionSchedule } from './schedule'

/**
 * Scenario files schedule faults at simulated times after start:
 * ```json
 * { "description": "bearing wear on CV-101",
 *   "events": [ { "at": "30m", "equipment": "CV-101", "fault": "bearing-wear", "params": {} },
 *               { "at": "9h", "equipment": "CV-101", "action": "reset" } ] }
 * ```
 * `action` is `inject` (default), `clear` (needs `fault`) or `reset`; `at` is seconds or a
 * duration (`90s`, `45m`, `2h30m`). An optional `"schedule"` sets the production schedule
 * (schedule.ts), and `"schedule": null` switches it off.
 */

const EventSchema = z.strictObject({
  at: z.union([z.number().nonnegative(), z.string()]),
  equipment: z.string(),
  action: z.enum(['inject', 'clear', 'reset']).default('inject'),
  fault: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional()
})

const ScenarioSchema = z.strictObject({
  description: z.string().optional(),
  /** The production schedule (shift stops, night and weekend throughput, idle day, trips); null: off; absent: the host's choice. */
  schedule: ProductionScheduleSchema.nullable().optional(),
  events: z.array(EventSchema)
})

/** One scheduled event, validated and with its time in simulated seconds. */
export interface ScenarioEvent {
  atS: number
  equipment: string
  action: 'inject' | 'clear' | 'reset'
  fault?: string
  params?: Record<string, unknown>
}

export interface Scenario {
  description?: string
  /**
   * Conveyors and the crusher follow this production schedule; null: they run around the clock;
   * absent: the host decides (the app's embedded plant follows its default schedule, the
   * standalone plant, record mode and tests run around the clock).
   */
  schedule?: ProductionSchedule | null
  events: ScenarioEvent[]
}

/** A scenario that failed to load; the message has `file:line:column: reason`. */
export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

/** Parse and validate scenario text. `file` is only used in messages. */
export function parseScenario(text: string, file = '<scenario>'): Scenario {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const m = /position (\d+)/.exec(msg)
    const where = m ? lineCol(text, Number(m[1])) : undefined
    throw new ScenarioError(`${file}${where ? `:${where.line}:${where.column}` : ''}: invalid JSON: ${msg}`)
  }
  const positions = (): Map<string, { line: number; column: number }> => jsonPositions(text)
  const fail = (path: Array<string | number>, reason: string): never => {
    const key = path.join('.')
    const pos = positions().get(key) ?? positions().get(path.slice(0, -1).join('.'))
    const where = pos ? `:${pos.line}:${pos.column}` : ''
    throw new ScenarioError(`${file}${where}: ${key === '' ? '' : `${key}: `}${reason}`)
  }
  const parsed = ScenarioSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return fail(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), issue.message)
  }
  const events = parsed.data.events.map((e, n): ScenarioEvent => {
    const atS = parseDurationS(e.at)
    if (atS === null) fail(['events', n, 'at'], `"${String(e.at)}" is not a duration (e.g. 90, "45m", "2h30m")`)
    if (!findEquipment(e.equipment)) fail(['events', n, 'equipment'], `unknown equipment "${e.equipment}"`)
    if (e.action !== 'reset') {
      if (e.fault === undefined) fail(['events', n], `"${e.action}" needs a "fault"`)
      try {
        validateFault(e.equipment, e.fault!, e.action === 'inject' ? (e.params ?? {}) : {})
      } catch (err) {
        if (!(err instanceof FaultError)) throw err
        const field = err.message.includes('parameters') ? 'params' : 'fault'
        fail(['events', n, field], err.message)
      }
    }
    return { atS: atS!, equipment: e.equipment, action: e.action, ...(e.fault ? { fault: e.fault } : {}), params: e.params ?? {} }
  })
  events.sort((a, b) => a.atS - b.atS)
  return { ...(parsed.data.description ? { description: parsed.data.description } : {}), ...(parsed.data.schedule !== undefined ? { schedule: parsed.data.schedule } : {}), events }
}

/** Read and validate a scenario file; throws ScenarioError with file, position and reason. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new ScenarioError(`${path}: cannot read scenario: ${err instanceof Error ? err.message : String(err)}`)
  }
  return parseScenario(text, path)
}

/** Drives a plant forward while applying scheduled events at their exact simulated time. */
export interface ScenarioRunner {
  runTo(toS: number, onEvent?: (message: string) => void): void
}

/** `offsetS`: plant time at which the scenario's t = 0 lies. */
export function createScenarioRunner(plant: Plant, events: readonly ScenarioEvent[], offsetS = 0): ScenarioRunner {
  let next = 0
  return {
    runTo(toS, onEvent) {
      for (let e = events[next]; e && e.atS + offsetS <= toS; e = events[++next]) {
        plant.advance(e.atS + offsetS)
        if (e.action === 'inject') plant.injectFault(e.equipment, e.fault!, e.params ?? {})
        else if (e.action === 'clear') plant.clearFault(e.equipment, e.fault!)
        else plant.resetEquipment(e.equipment)
        onEvent?.(`scenario: ${e.action} ${e.fault ?? ''} on ${e.equipment} at ${e.atS} s`)
      }
      plant.advance(toS)
    }
  }
}
