import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startDetectionWorker } from '../../src/main/core/detection/worker'
import { testTag } from '../../src/main/core/detection/testSupport'
import { openHistorian } from '../../src/main/core/historian/historian'
import { replayLongMemory } from '../../src/main/core/historian/longMemory'
import type { Historian } from '../../src/main/core/historian/types'
import type { Logger } from '../../src/main/core/logger'

// Long memory at connect (issue 9): the engine relearns from a real historian file.
const NOW = Date.parse('2026-03-10T12:00:00Z')
const HOUR = 3_600_000
const STEP_MS = 10_000
const NAMES = ['P-1.MotorTemp', 'P-1.BearingTemp']
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A historian file holding `hours` of both tags every 10 s up to NOW, and the folder it is in. */
function recordedHistorian(hours: number, retention?: { rawMs: number }): { h: Historian; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'long-memory-'))
  dirs.push(dir)
  const h = openHistorian({ file: join(dir, 'historian.db'), flushIntervalMs: 0, clock: () => NOW, ...(retention ? { retention } : {}) })
  h.useTags(NAMES)
  const start = NOW - hours * HOUR
  for (let t0 = start; t0 < NOW; t0 += HOUR) {
    const n = Math.min(HOUR, NOW - t0) / STEP_MS
    const tagIndex = new Uint32Array(2 * n)
    const sourceTime = new Float64Array(2 * n)
    const value = new Float64Array(2 * n)
    for (let k = 0; k < n; k++) {
      const t = t0 + k * STEP_MS
      tagIndex[2 * k] = 0
      tagIndex[2 * k + 1] = 1
      sourceTime[2 * k] = sourceTime[2 * k + 1] = t
      value[2 * k] = 60 + 5 * Math.sin((2 * Math.PI * t) / (24 * HOUR)) + 0.2 * Math.sin(k)
      value[2 * k + 1] = 50 + 0.2 * Math.cos(k)
    }
    h.append({ tagIndex, sourceTime, value, status: new Uint32Array(2 * n) })
    h.flush()
  }
  return { h, dir }
}

function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }
}

/** Replays into a fresh worker; `keep`: the worker restores and saves the learned state in `dir`. */
async function replayInto(h: Historian, dir: string, windowS: number, maxValues?: number, keep = false) {
  const learnedPath = join(dir, 'learned-state.bin')
  const worker = startDetectionWorker(
    NAMES.map((name, index) => testTag({ name, index, equipment: 'P-1' })),
    { tickIntervalMs: 0, transfer: false, ...(keep ? { learnedPath } : {}) }
  )
  const logger = quietLogger()
  try {
    const fence = await replayLongMemory({
      historian: h,
      worker,
      tags: NAMES,
      learnedPath,
      now: NOW,
      windowS,
      sliceMs: 1000,
      logger,
      ...(maxValues === undefined ? {} : { maxValues })
    })
    const [learned] = await worker.learned()
    if (keep) await worker.save()
    return { fence, hours: learned?.runningHours ?? 0, logger }
  } finally {
    await worker.dispose()
  }
}

describe('long memory from the historian', () => {
  it('replays the learning window, not the whole file, and fences what it fed', async () => {
    const { h, dir } = recordedHistorian(72)
    try {
      const { fence, hours, logger } = await replayInto(h, dir, 48 * 3600)
      expect(hours).toBeGreaterThan(47.9)
      expect(hours).toBeLessThan(48.1)
      expect(logger.lines.join('\n')).toMatch(/replayed 34560 values from the historian since 2026-03-08T12:00:00/)
      const late = { seq: 9, tagIndex: Uint32Array.of(0, 1, 0), sourceTime: Float64Array.of(NOW - STEP_MS, NOW - 1, NOW + 500), value: Float64Array.of(1, 2, 3), status: new Uint32Array(3) }
      const kept = fence(late)
      // The last replayed sample of tag 0 is dropped; tag 1's newer one and tag 0's live one pass.
      expect([...kept.value]).toEqual([2, 3])
    } finally {
      h.close()
    }
  })

  it('replays only what came after the learned state was saved', async () => {
    const { h, dir } = recordedHistorian(72)
    try {
      const learned = join(dir, 'learned-state.bin')
      // A state the worker cannot read restores nothing: the whole window is replayed.
      writeFileSync(learned, 'not a learned state')
      utimesSync(learned, new Date(NOW - 6 * HOUR), new Date(NOW - 6 * HOUR))
      expect((await replayInto(h, dir, 48 * 3600)).hours).toBeGreaterThan(47.9)
      // A real one saved 6 h ago: only those 6 h.
      const first = await replayInto(h, dir, 48 * 3600, undefined, true)
      expect(first.hours).toBeGreaterThan(47.9)
      utimesSync(learned, new Date(NOW - 6 * HOUR), new Date(NOW - 6 * HOUR))
      const { hours } = await replayInto(h, dir, 48 * 3600, undefined, true)
      expect(hours - first.hours).toBeGreaterThan(5.9)
      expect(hours - first.hours).toBeLessThan(6.1)
      utimesSync(learned, new Date(NOW + HOUR), new Date(NOW + HOUR))
      const none = await replayInto(h, dir, 48 * 3600, undefined, true)
      expect(none.hours).toBeCloseTo(hours, 6)
      expect(none.logger.lines.filter((l) => l.includes('replayed'))).toEqual([])
    } finally {
      h.close()
    }
  })

  it('takes 1-min averages where the raw values are gone', async () => {
    const { h, dir } = recordedHistorian(72, { rawMs: 24 * HOUR })
    try {
      h.applyRetention(NOW)
      expect(h.queryRaw(NAMES[0]!, NOW - 48 * HOUR, NOW - 30 * HOUR).t.length).toBe(0)
      const { hours, logger } = await replayInto(h, dir, 48 * 3600)
      expect(hours).toBeGreaterThan(47.9)
      expect(logger.lines.join('\n')).toMatch(/1-min averages where raw values were gone/)
    } finally {
      h.close()
    }
  })

  it('keeps to its cap of values: the newest hours', async () => {
    const { h, dir } = recordedHistorian(72)
    try {
      const { hours, logger } = await replayInto(h, dir, 48 * 3600, 2 * 360 * 10)
      // Ten hours of two tags fill the cap, counted from the 1-h rollups; the hour still in
      // progress has none yet, so it comes on top.
      expect(hours).toBeGreaterThan(9.9)
      expect(hours).toBeLessThan(11.1)
      expect(logger.lines.join('\n')).toMatch(/replayed \d+ values/)
    } finally {
      h.close()
    }
  })
})
