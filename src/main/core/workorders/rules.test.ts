import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTagMap, TagMapError } from '../tagmap/loadTagMap'
import { planningMap } from './planner'

const shipped = (): Record<string, unknown> & { maintenanceRules: Record<string, Record<string, unknown>[]> } =>
  JSON.parse(readFileSync(new URL('../../../../resources/tagmap.default.json', import.meta.url), 'utf8'))

/** The one problem parsing `json` reports. */
const problemOf = (json: unknown): string => {
  try {
    parseTagMap(json, 'map.json')
  } catch (error) {
    expect(error).toBeInstanceOf(TagMapError)
    return (error as TagMapError).problems.join('\n')
  }
  throw new Error('the map was accepted')
}

describe('maintenance rules in the tag map', () => {
  it('ships rules for every conveyor, drill, crusher and pump failure mode the engine can name on them', () => {
    const map = parseTagMap(shipped(), 'default')
    const plan = planningMap(map)
    for (const machine of ['CV-101', 'DR-201', 'CR-301', 'PU-401']) {
      expect(plan.ruleFor(machine, 'bearing-wear').action, machine).not.toMatch(/^Inspect \(/)
      expect(plan.runtimeRules(machine).length, machine).toBeGreaterThan(0)
    }
    expect(plan.ruleFor('CV-101', 'bearing-wear')).toMatchObject({ action: 'Inspect and replace drive-end bearing', priority: 'high', craft: 'mechanical', leadMarginH: 2 })
    expect(plan.ruleFor('DR-201', 'lubrication')).toMatchObject({ craft: 'lubrication' })
    expect(plan.runtimeRules('CV-101')[0]).toMatchObject({ failureMode: 'lubrication', runtime: { counter: 'runHours', every: 500 } })
    // No rule (the site incomer has no type rules): a generic one, from the detection.
    expect(plan.ruleFor('EM-500', 'electrical')).toMatchObject({ action: 'Inspect (electrical)', craft: 'electrical', dueWithinH: 8 })
  })

  it('names the rule and the field of an invalid rule, and refuses the map', () => {
    const cases: Array<[(rules: Record<string, Record<string, unknown>[]>) => void, string]> = [
      [(r) => (r.conveyor![0]!.leadMarginH = -1), 'maintenance rule maintenanceRules.conveyor[0] (bearing-wear) field leadMarginH: Too small'],
      [(r) => (r.drill![1]!.craft = 'plumbing'), 'maintenance rule maintenanceRules.drill[1] (bearing-wear) field craft:'],
      [(r) => (r.pump![0]!.failureMode = 'gremlins'), 'maintenance rule maintenanceRules.pump[0] (gremlins) field failureMode: Invalid option'],
      [(r) => (r.pump![0]!.action = ' '), 'maintenance rule maintenanceRules.pump[0] (bearing-wear) field action: a rule needs an action text'],
      [(r) => delete r.crusher![0]!.durationH, 'maintenance rule maintenanceRules.crusher[0] (bearing-wear) field durationH:'],
      [(r) => (r.crusher![0]!.durationH = 0), 'field durationH: durationH must be above 0'],
      [(r) => (r.conveyor![6]!.runtime = { counter: 'runHours', every: 0 }), 'maintenance rule maintenanceRules.conveyor[6] (lubrication) field runtime.every: every must be above 0'],
      [(r) => (r.conveyor![6]!.runtime = { counter: 'hours', every: 5 }), 'maintenanceRules.conveyor[6] (lubrication) field runtime.counter:'],
      [(r) => (r.conveyor![1]!.failureMode = 'bearing-wear'), 'maintenance rule maintenanceRules.conveyor[1] (bearing-wear) field failureMode: a second detection rule for "bearing-wear" (first: maintenanceRules.conveyor[0])'],
      [(r) => (r.conveyor![0]!.colour = 'red'), 'maintenance rule maintenanceRules.conveyor[0] (bearing-wear):'],
      [(r) => (r.excavator = [{ ...r.pump![0]! }]), 'maintenance rules for type "excavator": no equipment has type "excavator"']
    ]
    for (const [spoil, message] of cases) {
      const json = shipped()
      spoil(json.maintenanceRules)
      expect(problemOf(json)).toContain(message)
    }
  })

  it('refuses a runtime rule on machines that cannot count it', () => {
    const json = shipped() as { tags: { equipment: string; signal: string }[]; maintenanceRules: Record<string, unknown[]> }
    json.tags = json.tags.filter((t) => !(t.equipment === 'PU-402' && t.signal === 'state'))
    expect(problemOf(json)).toContain('maintenance rule maintenanceRules.pump[6] (bearing-wear) field runtime.counter: runHours needs a state tag, which PU-402 lack(s)')
  })
})
