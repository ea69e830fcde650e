import { join } from 'node:path'
import { STATUS_NO_COMMUNICATION } from '../../shared/domain'
import { openHistorian } from '../core/historian/historian'
import { wallClockCalendar } from '../demo-plant/plantCalendar'
import { recordPlant } from '../demo-plant/record'
import type { ProductionSchedule } from '../demo-plant/schedule'

/** What {@link prefillHistorian} wrote. */
export interface PrefillResult {
  samples: number
  from: number
  to: number
}

const DAY_MS = 86_400_000

/**
 * Writes `days` of the demo plant's physics, ending at `now`, into the historian of
 * `dataDir`, so a fresh install has a past to look at. Tag names are the demo plant's
 * (`CV-101.Vibration`...), as in the default tag map. Values already recorded at the same
 * ms win (the prefill is merged in like any backfill). A row each `intervalS` seconds:
 * the default 10 s writes a week (4 M values) in seconds, not minutes. With a `schedule`, the
 * conveyors and the crusher follow it on the local time of the written timestamps (handover
 * stops at 07:00 and 19:00, idle Sunday...), and so do the ambient day and the lube round, as
 * the embedded plant does live. Without one they run around the clock, and the ambient day and
 * the lube round count `now - days` as a Monday midnight: the same values in every time zone.
 */
export function prefillHistorian(options: {
  dataDir: string
  days?: number
  intervalS?: number
  now?: number
  seed?: number
  schedule?: ProductionSchedule | null
}): PrefillResult {
  const days = options.days ?? 7
  const intervalS = options.intervalS ?? 10
  if (!(days > 0 && days <= 366)) throw new Error(`prefill: days must be in (0, 366], got ${days}`)
  if (!(intervalS >= 1)) throw new Error(`prefill: intervalS must be at least 1, got ${intervalS}`)
  const now = options.now ?? Date.now()
  const from = now - days * DAY_MS
  const rec = recordPlant({
    durationS: days * 86_400,
    intervalS,
    startTime: new Date(from),
    seed: options.seed,
    ...(options.schedule ? { scenario: { schedule: options.schedule, events: [] }, calendar: wallClockCalendar(from, 0) } : {})
  })
  const historian = openHistorian({ file: join(options.dataDir, 'historian.db'), flushIntervalMs: 0 })
  try {
    historian.useTags(rec.columns)
    const n = rec.columns.length
    const tagIndex = Uint32Array.from({ length: n }, (_, i) => i)
    const sourceTime = new Float64Array(n)
    const status = new Uint32Array(n)
    rec.rows.forEach((row, k) => {
      sourceTime.fill(from + row.timeS * 1000)
      for (let i = 0; i < n; i++) status[i] = Number.isNaN(row.values[i]!) ? STATUS_NO_COMMUNICATION : 0
      historian.append({ tagIndex, sourceTime, value: row.values, status })
      // A transaction a simulated hour: few commits, bounded memory.
      if (k % Math.max(1, Math.round(3600 / intervalS)) === 0) historian.flush()
    })
    historian.flush()
    return { samples: rec.rows.length * n, from, to: from + rec.truth.durationS * 1000 }
  } finally {
    historian.close()
  }
}
