import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openHistorian } from '../core/historian/historian'
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
})
