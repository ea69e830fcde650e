import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadTagMap, parseTagMap, TagMapError } from './loadTagMap'

const shipped = JSON.parse(readFileSync(new URL('../../../../resources/tagmap.default.json', import.meta.url), 'utf8'))
const tag = (over: Record<string, unknown> = {}) => ({
  name: 'CV-101.MotorTemp',
  nodeId: 'ns=2;s=CV-101.MotorTemp',
  equipment: 'CV-101',
  unit: '°C',
  euRange: { low: 0, high: 150 },
  limits: { HH: 105, H: 90 },
  ...over
})
const problemsOf = (json: unknown): string[] => {
  try {
    parseTagMap(json, 'map.json')
  } catch (error) {
    expect(error).toBeInstanceOf(TagMapError)
    return (error as TagMapError).problems
  }
  throw new Error('expected the tag map to be rejected')
}

describe('tag map validation', () => {
  it('accepts the shipped default map', () => {
    const map = parseTagMap(shipped, 'tagmap.default.json')
    expect(map.tags.length).toBeGreaterThan(0)
    expect(map.tags.map((t) => t.name)).toContain('CV-101.MotorTemp')
  })

  it('names the tag and field of an unknown field', () => {
    const problems = problemsOf({ version: 1, tags: [tag({ colour: 'red' })] })
    expect(problems.join()).toMatch(/tag "CV-101.MotorTemp" \(tags\[0\]\).*colour/)
  })

  it('rejects a malformed NodeId', () => {
    expect(problemsOf({ version: 1, tags: [tag({ nodeId: 'CV-101/MotorTemp' })] }).join()).toMatch(
      /tags\[0\]\) field nodeId: malformed NodeId/
    )
  })

  it('rejects H below L', () => {
    expect(problemsOf({ version: 1, tags: [tag({ limits: { H: 10, L: 20 } })] }).join()).toMatch(
      /field limits.L: L \(20\) must be below H \(10\)/
    )
  })

  it('rejects duplicate tag names, naming the second one', () => {
    expect(problemsOf({ version: 1, tags: [tag(), tag()] }).join()).toMatch(/tags\[1\]\) field name: duplicate tag name/)
  })

  it('takes settings per equipment, and names an equipment no tag belongs to or a bad field', () => {
    const map = parseTagMap({ version: 1, tags: [tag()], equipment: { 'CV-101': { detectors: { learningS: 7200, action: 'inspect drive train' } } } }, 'map.json')
    expect(map.equipment?.['CV-101']?.detectors?.action).toBe('inspect drive train')
    expect(problemsOf({ version: 1, tags: [tag()], equipment: { 'CV-110': { detectors: {} } } })).toEqual(['field equipment.CV-110: no tag belongs to equipment "CV-110"'])
    expect(problemsOf({ version: 1, tags: [tag()], equipment: { 'CV-101': { detectors: { disable: ['baseline'] } } } }).join()).toMatch(/field equipment\.CV-101\.detectors\.disable\.0/)
  })

  it('reports unreadable JSON with the file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-tagmap-'))
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{ "version": 1, ')
    await expect(loadTagMap(file)).rejects.toThrow(/broken.json: invalid tag map[\s\S]*not valid JSON/)
  })
})
