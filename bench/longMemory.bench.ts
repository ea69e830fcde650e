/**
 * Long memory at connect (issue 9): how fast the anomaly engine relearns from the embedded
 * historian. A real historian file holds 16 temperatures of one machine at 1 Hz over 12 h;
 * `replayLongMemory` streams it through a real detection worker, chunk by chunk.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { startDetectionWorker } from '../src/main/core/detection/worker'
import { testTag } from '../src/main/core/detection/testSupport'
import { openHistorian } from '../src/main/core/historian/historian'
import { replayLongMemory } from '../src/main/core/historian/longMemory'
import { report, tempDir } from './support'

const TAGS = Array.from({ length: 16 }, (_, i) => `M-1.Temp${i}`)
const HOURS = 12
const NOW = Date.parse('2026-03-10T12:00:00Z')

const dir = tempDir('long-memory-bench')
try {
  const h = openHistorian({ file: join(dir, 'historian.db'), flushIntervalMs: 0, clock: () => NOW })
  h.useTags(TAGS)
  for (let hour = HOURS; hour > 0; hour--) {
    const n = 3600 * TAGS.length
    const tagIndex = new Uint32Array(n)
    const sourceTime = new Float64Array(n)
    const value = new Float64Array(n)
    for (let k = 0; k < n; k++) {
      tagIndex[k] = k % TAGS.length
      sourceTime[k] = NOW - hour * 3_600_000 + Math.floor(k / TAGS.length) * 1000
      value[k] = 60 + Math.sin(k / 977) + 0.1 * Math.sin(k)
    }
    h.append({ tagIndex, sourceTime, value, status: new Uint32Array(n) })
    h.flush()
  }
  const worker = startDetectionWorker(
    TAGS.map((name, index) => testTag({ name, index, equipment: 'M-1' })),
    { tickIntervalMs: 0, transfer: false }
  )
  await worker.learned() // started: its start-up is not part of the replay
  let line = ''
  const t0 = performance.now()
  await replayLongMemory({
    historian: h,
    worker,
    tags: TAGS,
    learnedPath: join(dir, 'learned-state.bin'),
    now: NOW,
    windowS: 14 * 86_400,
    sliceMs: 1000,
    logger: { info: (m) => (line = m), warn: (m) => console.log(`# ${m}`), error: (m) => console.log(`# ${m}`) }
  })
  const s = (performance.now() - t0) / 1000
  console.log(`# ${line}`)
  report('long_memory_replay_values_per_s', (HOURS * 3600 * TAGS.length) / s, 'values/s', 0)
  await worker.dispose()
  h.close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
