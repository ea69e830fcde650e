import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import Database from 'libsql'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createMaintenanceLog } from './maintenanceLog'

describe('maintenance log on a real database file', () => {
  it('lists newest first and survives closing and reopening the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-db-')), 'plant.db')
    let now = 1_000
    const db = openPlantDatabase(file)
    const log = createMaintenanceLog(db, () => now)
    log.add({ text: 'Greased CV-101 tail pulley', equipment: 'CV-101' })
    now = 2_000
    const second = log.add({ text: 'Shift walk-down, nothing to report' })
    expect(second).toMatchObject({ text: 'Shift walk-down, nothing to report', equipment: null, source: 'operator', createdAt: 2_000, dueAt: null, completedAt: null })
    now = 3_000
    log.add({ text: 'Inspect bearing', equipment: 'CV-101', source: 'engine', dueAt: 9_000, condition: 'trend:CV-101.Vibration:HH' })
    db.close()

    const reopened = openPlantDatabase(file)
    const entries = createMaintenanceLog(reopened, () => now).list()
    expect(entries.map((e) => e.text)).toEqual(['Inspect bearing', 'Shift walk-down, nothing to report', 'Greased CV-101 tail pulley'])
    expect(entries[0]).toMatchObject({ source: 'engine', dueAt: 9_000, completedAt: null })
    expect(entries[2]?.equipment).toBe('CV-101')
    const log2 = createMaintenanceLog(reopened, () => now)
    expect(log2.scheduledBy('trend:CV-101.Vibration:HH', 2_500)?.text).toBe('Inspect bearing')
    expect(log2.scheduledBy('trend:CV-101.Vibration:HH', 3_500)).toBeUndefined()
    now = 4_000
    expect(log2.complete(entries[0]!.id)).toMatchObject({ completedAt: 4_000 })
    now = 5_000
    expect(log2.complete(entries[0]!.id)?.completedAt).toBe(4_000)
    expect(log2.complete(999)).toBeUndefined()
    reopened.close()
  })

  it('ties an entry to the work order it was written for, or whose number its text quotes; the tie survives a reopen', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-db-')), 'plant.db')
    const db = openPlantDatabase(file)
    const log = createMaintenanceLog(db, () => 1_000)
    expect(log.add({ text: 'WO-000003 done: Inspect bearing', equipment: 'CV-101', workOrder: 'WO-000007' }).workOrder).toBe('WO-000007')
    expect(log.add({ text: 'Greased the tail pulley, see WO-000042.', equipment: 'CV-101' }).workOrder).toBe('WO-000042')
    expect(log.add({ text: 'wo-42 and WO-0000421 and XWO-000042 are not numbers' }).workOrder).toBeNull()
    expect(log.add({ text: 'Walk-down, nothing to report' }).workOrder).toBeNull()
    db.close()
    const reopened = openPlantDatabase(file)
    expect(createMaintenanceLog(reopened, () => 0).list().map((e) => e.workOrder)).toEqual([null, null, 'WO-000042', 'WO-000007'])
    reopened.close()
  })

  it('refuses a database written by a newer schema', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-db-')), 'plant.db')
    const db = openPlantDatabase(file)
    db.pragma('user_version = 99')
    db.close()
    expect(() => openPlantDatabase(file)).toThrow(/schema v99 is newer/)
  })
})

describe('schema migrations', () => {
  it('upgrades a database written by the first release without losing entries', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-db-')), 'plant.db')
    const v1 = new Database(file)
    v1.exec(`CREATE TABLE maintenance_log (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at INTEGER NOT NULL, text TEXT NOT NULL,
      equipment TEXT, source TEXT NOT NULL CHECK (source IN ('operator', 'engine')));
      INSERT INTO maintenance_log (created_at, text, equipment, source) VALUES (5, 'old note', NULL, 'operator');
      PRAGMA user_version = 1;`)
    v1.close()
    const db = openPlantDatabase(file)
    expect(createMaintenanceLog(db, () => 0).list()).toEqual([{ id: 1, createdAt: 5, text: 'old note', equipment: null, source: 'operator', dueAt: null, completedAt: null, author: null, completedBy: null, workOrder: null }])
    db.close()
  })
})
