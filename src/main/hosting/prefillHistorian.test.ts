import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { afterAll, describe, expect, it } from 'vitest'
import { openHistorian } from '../core/historian/historian'
import { DEFAULT_PRODUCTION_SCHEDULE } from '../demo-plant/schedule'
import { prefillHistorian } from './prefillHistorian'

describe('demo plant prefill of the historian', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pw-prefill-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('writes the plant physics up to now, and a second run adds no duplicates', () => {
    const now = Math.floor(Date.now() / 1000) * 1000
    const first = prefillHistorian({ dataDir, days: 0.02, now })
    expect(first.to).toBe(now)
    const count = () => {
      const h = openHistorian({ file: join(dataDir, 'historian.db'), readOnly: true })
      const raw = h.queryRaw('CV-101.Vibration', first.from, now + 1)
      const trend = h.queryDecimated('CV-101.Vibration', first.from, now + 1, 50)
      h.close()
      return { raw, trend }
    }
    const { raw, trend } = count()
    // A row each 10 s over 28.8 minutes, the vibration of a running conveyor in mm/s.
    expect(raw.t.length).toBe(Math.floor(0.02 * 8640) + 1)
    expect(Math.min(...raw.v)).toBeGreaterThan(0)
    expect(trend.t.length).toBeGreaterThan(10)
    prefillHistorian({ dataDir, days: 0.02, now })
    expect(count().raw.t.length).toBe(raw.t.length)
  })

  it('follows the production schedule on the local time of its timestamps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-prefill-schedule-'))
    try {
      // Two days ending Monday 12:00 local time: Saturday noon, an idle Sunday, Monday morning.
      const now = DateTime.fromObject({ year: 2026, month: 6, day: 15, hour: 12 }).toMillis()
      prefillHistorian({ dataDir: dir, days: 2, now, intervalS: 60, schedule: DEFAULT_PRODUCTION_SCHEDULE })
      const h = openHistorian({ file: join(dir, 'historian.db'), readOnly: true })
      const local = (day: number, hour: number, minute = 0): number => DateTime.fromObject({ year: 2026, month: 6, day, hour, minute }).toMillis()
      const share = (from: number, to: number): number => {
        const { v } = h.queryRaw('CV-101.Running', from, to)
        return v.reduce((a, x) => a + x, 0) / v.length
      }
      try {
        expect(share(local(14, 0, 5), local(14, 23, 55))).toBe(0)
        expect(share(local(15, 7, 5), local(15, 7, 40))).toBe(0)
        // A short trip may fall in the morning: mostly running.
        expect(share(local(15, 8), local(15, 12))).toBeGreaterThan(0.9)
      } finally {
        h.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
