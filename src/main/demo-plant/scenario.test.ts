import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TagMapSchema } from '../../shared/tagMap'
import { parseDurationS } from './duration'
import { defaultTagMap } from './tagMap'
import { parseScenario, ScenarioError } from './scenario'

const scenarioError = (text: string): string => {
  try {
    parseScenario(text, 's.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError)
    return (err as Error).message
  }
  throw new Error('expected the scenario to be rejected')
}

describe('scenario files', () => {
  it('parses events, durations and actions, sorted by time', () => {
    const s = parseScenario(
      JSON.stringify({
        description: 'x',
        events: [
          { at: '2h30m', equipment: 'CV-101', action: 'reset' },
          { at: 90, equipment: 'PU-401', fault: 'pressure-surge', params: { timeToFailureS: 600 } },
          { at: '45m', equipment: 'PU-401', action: 'clear', fault: 'pressure-surge' }
        ]
      })
    )
    expect(s.events.map((e) => [e.atS, e.action])).toEqual([
      [90, 'inject'],
      [2700, 'clear'],
      [9000, 'reset']
    ])
  })

  it('names file, line and column for broken JSON', () => {
    expect(scenarioError('{\n  "events": [\n    { "at": 1, }\n  ]\n}')).toMatch(/^s\.json:3:\d+: invalid JSON/)
  })

  it('names file, position and the bad equipment', () => {
    const text = '{\n  "events": [\n    { "at": "1h", "equipment": "CV-101", "fault": "bearing-wear" },\n    { "at": "2h", "equipment": "CV-999", "fault": "bearing-wear" }\n  ]\n}'
    expect(scenarioError(text)).toBe('s.json:4:32: events.1.equipment: unknown equipment "CV-999"')
  })

  it('names the bad fault, parameters, duration and unknown fields', () => {
    expect(scenarioError('{"events":[{"at":1,"equipment":"CV-101","fault":"gremlins"}]}')).toMatch(/s\.json:1:\d+: events\.0\.fault: .*"gremlins"/)
    expect(scenarioError('{"events":[{"at":1,"equipment":"CV-101","fault":"bearing-wear","params":{"speed":2}}]}')).toMatch(
      /events\.0\.params: .*speed/
    )
    expect(scenarioError('{"events":[{"at":"soon","equipment":"CV-101","fault":"motor-trip"}]}')).toMatch(/events\.0\.at: "soon" is not a duration/)
    expect(scenarioError('{"events":[{"at":1,"equipment":"CV-101","fault":"motor-trip","colour":"red"}]}')).toMatch(/events\.0: .*colour/)
    expect(scenarioError('{"events":[{"at":1,"equipment":"CV-101","action":"clear"}]}')).toMatch(/events\.0: "clear" needs a "fault"/)
    expect(scenarioError('[]')).toMatch(/s\.json/)
  })

  it('sets the production schedule, switches it off with null, and leaves it to the host when absent', () => {
    expect(parseScenario('{"schedule":{"handoverMin":30},"events":[]}').schedule).toMatchObject({ handoverMin: 30, idleDay: 0, nightShare: 0.65 })
    expect(parseScenario('{"schedule":null,"events":[]}').schedule).toBeNull()
    expect('schedule' in parseScenario('{"events":[]}')).toBe(false)
    expect(scenarioError('{"schedule":{"idleDay":7},"events":[]}')).toMatch(/s\.json:1:\d+: schedule\.idleDay: /)
  })

  it('ships scenarios that all load', () => {
    const dir = new URL('../../../resources/scenarios/', import.meta.url)
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(() => parseScenario(readFileSync(new URL(f, dir), 'utf8'), f)).not.toThrow()
  })
})

describe('durations', () => {
  it.each([
    ['8h', 28_800],
    ['1m', 60],
    ['90s', 90],
    ['1h30m', 5400],
    ['250ms', 0.25],
    ['2d', 172_800],
    ['42', 42]
  ])('%s = %f s', (text, s) => expect(parseDurationS(text)).toBe(s))
  it.each(['', 'h', '8x', '-1h', '1h 30m'])('rejects %j', (text) => expect(parseDurationS(text)).toBeNull())
})

describe('default tag map', () => {
  it('is what the asset model says, and valid', () => {
    const shipped: unknown = JSON.parse(readFileSync(new URL('../../../resources/tagmap.default.json', import.meta.url), 'utf8'))
    expect(shipped).toEqual(defaultTagMap())
    const map = TagMapSchema.parse(shipped)
    expect(map.tags).toHaveLength(67)
    const vib = map.tags.find((t) => t.name === 'CR-301.Vibration')!
    expect(vib.limits).toEqual({ H: 7.1, HH: 11 })
    expect(vib.nodeId).toBe('nsu=urn:plantwatch:demo-mine;s=CR-301.Vibration')
  })
})
