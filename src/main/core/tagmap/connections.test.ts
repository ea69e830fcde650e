import { describe, expect, it } from 'vitest'
import { parseTagMap, TagMapError } from './loadTagMap'

const tag = (over: Record<string, unknown> = {}) => ({
  name: 'P-1.Flow',
  nodeId: 'ns=2;s=P-1.Flow',
  equipment: 'P-1',
  euRange: { low: 0, high: 100 },
  ...over
})
const utility = { name: 'utility', endpoint: 'opc.tcp://10.0.0.5:4840/ua' }
const problemsOf = (json: unknown): string => {
  try {
    parseTagMap(json, 'map.json')
  } catch (error) {
    expect(error).toBeInstanceOf(TagMapError)
    return (error as TagMapError).problems.join('\n')
  }
  throw new Error('expected the tag map to be rejected')
}

describe('tag map connections and per-tag subscription settings', () => {
  it('keeps a map without connections working: every tag on the settings server', () => {
    const map = parseTagMap({ version: 1, tags: [tag()] }, 'map.json')
    expect(map.connections).toBeUndefined()
    expect(map.tags[0]!.connection).toBeUndefined()
  })

  it('accepts tags on declared connections with their rates, sampling, queues and deadbands', () => {
    const map = parseTagMap(
      {
        version: 1,
        connections: [{ ...utility, publishingIntervalMs: 1000, user: { username: 'hmi', passwordFile: 'utility.pw' } }],
        tags: [
          tag(),
          tag({ name: 'U.Power', connection: 'utility', publishingIntervalMs: 100, samplingIntervalMs: 50, queueSize: 4, dataChangeDeadband: { type: 'percent', value: 0.5 } })
        ]
      },
      'map.json'
    )
    expect(map.connections![0]).toMatchObject({ name: 'utility', securityMode: 'None', securityPolicy: 'None' })
    expect(map.tags[1]).toMatchObject({ connection: 'utility', publishingIntervalMs: 100, dataChangeDeadband: { type: 'percent', value: 0.5 } })
  })

  it('names the tag whose connection does not exist, and lists the known ones', () => {
    expect(problemsOf({ version: 1, connections: [utility], tags: [tag({ connection: 'utilty' })] })).toMatch(
      /tag "P-1.Flow" \(tags\[0\]\) field connection: no connection named "utilty" \(known: plant, utility\)/
    )
  })

  it('refuses duplicate connection names and the reserved name of the settings server', () => {
    expect(problemsOf({ version: 1, connections: [utility, utility], tags: [tag()] })).toMatch(/connections\.1\.name: duplicate connection name/)
    expect(problemsOf({ version: 1, connections: [{ ...utility, name: 'plant' }], tags: [tag()] })).toMatch(/connections\.0\.name: "plant" names the server in the settings/)
  })

  it('refuses a password written in the map, a bad endpoint and a deadband of unknown kind', () => {
    expect(problemsOf({ version: 1, connections: [{ ...utility, user: { username: 'a', password: 'secret' } }], tags: [tag()] })).toMatch(/password/)
    expect(problemsOf({ version: 1, connections: [{ ...utility, endpoint: 'http://x' }], tags: [tag()] })).toMatch(/expected opc.tcp/)
    expect(problemsOf({ version: 1, tags: [tag({ dataChangeDeadband: { type: 'relative', value: 1 } })] })).toMatch(/dataChangeDeadband\.type/)
  })
})
