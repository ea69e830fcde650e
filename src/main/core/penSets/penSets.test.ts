import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createPenSetStore, PEN_SETS_PER_USER_MAX } from './penSets'

describe('pen sets on a real database file', () => {
  it('saves per user, replaces by name, and survives reopening the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pw-pensets-')), 'plant.db')
    let now = 1_000
    const db = openPlantDatabase(file)
    const store = createPenSetStore(db, () => now)
    store.save('olga', { name: 'Drive', tags: ['CV-101.Speed', 'CV-101.MotorCurrent'] })
    store.save('vic', { name: 'Drive', tags: ['CV-101.Vibration'] })
    now = 2_000
    store.save('olga', { name: 'Drive', tags: ['CV-101.MotorTemp'] })
    store.save('olga', { name: 'Bearings, "all"', tags: ['CV-101.Vibration', 'CV-101.MotorTemp'] })
    db.close()

    const reopened = createPenSetStore(openPlantDatabase(file), () => now)
    expect(reopened.list('olga')).toEqual([
      { name: 'Bearings, "all"', tags: ['CV-101.Vibration', 'CV-101.MotorTemp'], savedAt: 2_000 },
      { name: 'Drive', tags: ['CV-101.MotorTemp'], savedAt: 2_000 }
    ])
    expect(reopened.list('vic')).toEqual([{ name: 'Drive', tags: ['CV-101.Vibration'], savedAt: 1_000 }])
    expect(reopened.list('sue')).toEqual([])
  })

  it('refuses a set past the per-user limit and keeps the others', () => {
    const db = openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-pensets-')), 'plant.db'))
    const store = createPenSetStore(db, () => 1)
    for (let i = 0; i < PEN_SETS_PER_USER_MAX; i++) store.save('olga', { name: `set ${i}`, tags: ['A'] })
    expect(() => store.save('olga', { name: 'one more', tags: ['A'] })).toThrow(/at most 50/)
    // Replacing an existing name is still allowed.
    expect(store.save('olga', { name: 'set 0', tags: ['B'] }).tags).toEqual(['B'])
    expect(store.list('olga')).toHaveLength(PEN_SETS_PER_USER_MAX)
    db.close()
  })
})
