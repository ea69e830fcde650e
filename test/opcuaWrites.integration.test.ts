import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TagMap } from '../src/shared/tagMap'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { signedIn, data, type Call } from './support/session'
import { tempDir, waitFor } from './support/tempDir'
import { startWriteServer, WRITE_SERVER_URI, type WriteServer } from './support/writeServer'

// Item 12: operator writes through the contract, against a real server that accepts some
// writes and rejects others.
const tag = (name: string, extra: Partial<TagMap['tags'][number]> = {}): TagMap['tags'][number] => ({
  name,
  nodeId: `nsu=${WRITE_SERVER_URI};s=${name}`,
  equipment: 'WR',
  signal: 'other',
  unit: 'bar',
  euRange: { low: 0, high: 100 },
  limits: {},
  writable: true,
  ...extra
})
const tagMap: TagMap = {
  version: 1,
  publishingIntervalMs: 200,
  tags: [
    tag('WR.Setpoint', { writeLimits: { low: 10, high: 80, maxStep: 30 } }),
    tag('WR.Count', { unit: '' }),
    tag('WR.Locked'),
    tag('WR.Guarded'),
    tag('WR.Denied'),
    tag('WR.ReadOnlyInMap', { nodeId: `nsu=${WRITE_SERVER_URI};s=WR.Setpoint`, writable: false })
  ]
}

let server: WriteServer
let core: Core
let operator: Call
let viewer: Call
const dataDir = tempDir('writes')

beforeAll(async () => {
  server = await startWriteServer(join(dataDir, 'server-pki'))
  core = await createCore({ dataDir, tagMap, logger: silentLogger, detection: false, warmStartMs: 0, plant: { securityMode: 'None', securityPolicy: 'None', endpoint: server.endpoint } })
  await waitFor('connected', () => (core.connection().status === 'connected' ? true : undefined), 30_000)
  ;({ call: operator } = await signedIn(core, 'olga', 'operator'))
  ;({ call: viewer } = await signedIn(core, 'vic', 'viewer'))
}, 60_000)
afterAll(async () => {
  await core?.dispose()
  await server?.stop()
})

const lastAudit = () => core.audit.query({ command: 'tags:write', limit: 1 })[0]!

describe('tags:write', () => {
  it('writes a writable tag, answers old and new value with unit, and audits who, what, old → new and result', async () => {
    const result = data(await operator('tags:write', { tag: 'WR.Setpoint', value: 55 }))
    expect(result).toEqual({ tag: 'WR.Setpoint', oldValue: 40, newValue: 55, unit: 'bar', statusCode: 'Good' })
    expect(server.value('WR.Setpoint')).toBe(55)
    const record = lastAudit()
    expect(record).toMatchObject({ user: 'olga', result: 'ok' })
    expect(record.summary).toContain('"tag":"WR.Setpoint"')
    expect(record.summary).toContain('40 → 55 bar: Good')
  })

  it('encodes the node\'s own data type: an Int32 takes whole numbers only', async () => {
    expect(data(await operator('tags:write', { tag: 'WR.Count', value: 9 })).oldValue).toBe(5)
    expect(server.value('WR.Count')).toBe(9)
    const fraction = await operator('tags:write', { tag: 'WR.Count', value: 9.5 })
    expect(fraction.ok).toBe(false)
    if (!fraction.ok) expect(fraction.error.message).toMatch(/Int32; write a whole number/)
    expect(server.value('WR.Count')).toBe(9)
  })

  it('refuses values outside the EU range or the write limits, and steps beyond maxStep, with a clear error and nothing written', async () => {
    const cases: Array<[number, RegExp]> = [
      [120, /120 bar is outside the EU range 0 to 100 bar/],
      [5, /below the write limit 10 bar/],
      [85, /above the write limit 80 bar/],
      [15, /change of 40 bar \(from 55\) exceeds the step limit of 30 bar/]
    ]
    for (const [value, message] of cases) {
      const result = await operator('tags:write', { tag: 'WR.Setpoint', value })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid-input')
        expect(result.error.message).toMatch(message)
        expect(result.error.message).toMatch(/nothing was written/)
      }
      expect(server.value('WR.Setpoint')).toBe(55)
      expect(lastAudit()).toMatchObject({ user: 'olga', result: 'invalid-input' })
    }
  })

  it('refuses a tag the map does not flag writable, and an unknown tag', async () => {
    const result = await operator('tags:write', { tag: 'WR.ReadOnlyInMap', value: 50 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/not writable: the tag map must set "writable": true/)
    const unknown = await operator('tags:write', { tag: 'WR.Nope', value: 1 })
    expect(unknown.ok).toBe(false)
    if (!unknown.ok) expect(unknown.error.code).toBe('not-found')
    expect(server.value('WR.Setpoint')).toBe(55)
  })

  it('shows a write the server rejects with its StatusCode name, and audits the rejection', async () => {
    const expected: Array<[string, number, string]> = [
      ['WR.Locked', 8, 'BadNotWritable'],
      ['WR.Guarded', 60, 'BadOutOfRange'],
      ['WR.Denied', 4, 'BadUserAccessDenied']
    ]
    for (const [name, value, code] of expected) {
      const before = server.value(name)
      const result = await operator('tags:write', { tag: name, value })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('conflict')
        expect(result.error.message).toContain(`the server rejected the write: ${code}`)
      }
      expect(server.value(name)).toBe(before)
      const record = lastAudit()
      expect(record.result).toBe('conflict')
      expect(record.summary).toContain(`${String(before)} → ${value}: rejected by the server: ${code}`)
    }
    // The same server accepts a value inside its own guard.
    expect(data(await operator('tags:write', { tag: 'WR.Guarded', value: 45 })).statusCode).toBe('Good')
  })

  it('needs the operator role', async () => {
    const result = await viewer('tags:write', { tag: 'WR.Setpoint', value: 50 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('forbidden')
    expect(server.value('WR.Setpoint')).toBe(55)
    expect(lastAudit()).toMatchObject({ user: 'vic', result: 'forbidden' })
  })
})
