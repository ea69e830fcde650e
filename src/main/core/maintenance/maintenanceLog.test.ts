import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
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
    expect(second).toMatchObject({ text: 'Shift walk-down, nothing to report', equipment: null, source: 'operator', createdAt: 2_000 })
    db.close()

    const reopened = openPlantDatabase(file)
    const entries = createMaintenanceLog(reopened, () => now).list()
    expect(entries.map((e) => e.text)).toEqual(['Shift walk-down, nothing to report', 'Greased CV-101 tail pulley'])
    expect(entries[1]?.equipment).toBe('CV-101')
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
