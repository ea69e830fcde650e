import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anomalyEvent } from '../core/alarms/testFixtures'
import { openPlantDatabase } from '../core/storage/plantDatabase'
import { WORK_ORDER_CSV_COLUMNS } from '../core/workorders/exportWorkOrders'
import { planningMap, planWorkOrders } from '../core/workorders/planner'
import { createWorkOrderStore } from '../core/workorders/workOrderStore'
import { runCli } from './index'

const T0 = Date.parse('2026-11-30T06:00:00Z')

describe('plantwatch workorders export', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-wo-cli-'))
  const run = async (...argv: string[]) => {
    const out: string[] = []
    const err: string[] = []
    const code = await runCli([...argv, '--data-dir', dataDir], { stdout: (s) => out.push(s), stderr: (s) => err.push(s) })
    return { code, stdout: out.join(''), stderr: err.join('') }
  }

  beforeAll(() => {
    const db = openPlantDatabase(join(dataDir, 'plantwatch.db'))
    const store = createWorkOrderStore(db)
    const map = planningMap({ version: 1, publishingIntervalMs: 100, tags: [{ name: 'CV-101.Vibration', nodeId: 'ns=2;s=V', equipment: 'CV-101', signal: 'vibration', unit: 'mm/s', euRange: { low: 0, high: 20 }, limits: {} }] })
    planWorkOrders(store, map, [anomalyEvent({ id: 'a@1', time: T0, message: 'CV-101.Vibration: trending to HH, "soon"' })], T0)
    const second = planWorkOrders(store, map, [anomalyEvent({ id: 'b@1', equipment: 'CV-102', tag: 'CV-102.Vibration', tags: ['CV-102.Vibration'], condition: 'trend:CV-102.Vibration:HH', time: T0 })], T0)[0]!
    store.transition(second.id, 'cancelled', { user: 'planner', note: 'sensor, not bearing', at: T0 + 1000 })
    db.close()
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('writes open orders as CSV with a stable header, quoting what needs it', async () => {
    const out = join(dataDir, 'open.csv')
    const { code, stdout } = await run('workorders', 'export', '--out', out)
    expect(code).toBe(0)
    expect(stdout).toBe(`wrote 1 work orders to ${out}\n`)
    const rows = parse(readFileSync(out, 'utf8')) as string[][]
    expect(rows[0]).toEqual([...WORK_ORDER_CSV_COLUMNS])
    expect(rows).toHaveLength(2)
    const row = Object.fromEntries(rows[0]!.map((k, i) => [k, rows[1]![i]]))
    expect(row).toMatchObject({ number: 'WO-000001', equipment: 'CV-101', failure_mode: 'bearing-wear', state: 'open', priority_rank: expect.stringMatching(/^[1-4]$/), alarm_ids: 'trend:CV-101.Vibration:HH', evidence_count: '1', created_at: '2026-11-30T06:00:00.000Z' })
    expect(row.first_evidence).toBe('trend: CV-101.Vibration: trending to HH, "soon"')
  })

  it('writes every order as JSON in the documented shape', async () => {
    const out = join(dataDir, 'all.json')
    expect((await run('workorders', 'export', '--format', 'json', '--state', 'all', '--out', out)).code).toBe(0)
    const doc = JSON.parse(readFileSync(out, 'utf8'))
    expect(Object.keys(doc)).toEqual(['format', 'version', 'exportedAt', 'state', 'workOrders'])
    expect(doc).toMatchObject({ format: 'plantwatch.workorders', version: 1, state: 'all' })
    expect(doc.workOrders.map((o: { number: string; state: string }) => [o.number, o.state])).toEqual([['WO-000001', 'open'], ['WO-000002', 'cancelled']])
    const [first, second] = doc.workOrders
    expect(Object.keys(first)).toEqual(['number', 'id', 'equipment', 'failureMode', 'state', 'priority', 'priorityRank', 'craft', 'action', 'estimatedDurationH', 'dueAt', 'createdAt', 'updatedAt', 'source', 'cancelReason', 'baselineResetAt', 'evidence', 'history'])
    expect(first.evidence[0]).toEqual({ at: '2026-11-30T06:00:00.000Z', alarmId: 'trend:CV-101.Vibration:HH', kind: 'detection', explanation: expect.any(String), etaAt: expect.stringMatching(/Z$/), trend: { from: expect.any(String), to: expect.any(String), tags: ['CV-101.Vibration'] } })
    expect(second).toMatchObject({ cancelReason: 'sensor, not bearing', history: [{ from: null, to: 'open' }, { from: 'open', to: 'cancelled', user: 'planner', note: 'sensor, not bearing' }] })
  })

  it('refuses bad flags with exit 2 and writes nothing; an unwritable target leaves no file behind', async () => {
    for (const [flags, message] of [
      [['--format', 'xml', '--out', 'x'], '--format must be csv or json'],
      [['--state', 'closed', '--out', 'x'], '--state must be open or all'],
      [[], '--out F is required']
    ] as const) {
      const { code, stderr } = await run('workorders', 'export', ...flags)
      expect(code).toBe(2)
      expect(stderr).toContain(message)
    }
    const missing = join(dataDir, 'no-such-dir', 'x.csv')
    expect((await run('workorders', 'export', '--out', missing)).code).toBe(2)
    expect(existsSync(missing)).toBe(false)
    expect(readdirSync(dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
