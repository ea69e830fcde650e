/**
 * OPC UA link figures (issue 10), against node-opcua servers on 127.0.0.1:
 * - reconnect_resume_ms: from a restarted server accepting connections to Good values
 *   flowing again through Plantwatch's client (median of 3; target <= 3000);
 * - stale_detect_ms: from the server silently dropping the subscription (session kept) to
 *   the tags marked stale (target <= subscription lifetime + 1 s; lifetime printed alongside);
 * - backfill_points_missing: the demo plant (own process, 67 historized tags at 100 ms)
 *   behind a TCP relay cut for 30 s; the values the server historized from the cut to the
 *   resumption that are not in Plantwatch's historian afterwards (target 0); with
 *   backfill_outage_reconnect_ms, from the relay accepting again to the link connected;
 * - opcua_monitored_items and core_cpu_per_value_vs_bare_client: see opcuaLoad.ts.
 * Run: npx tsx bench/opcua.bench.ts (a few minutes); `--items-only`, `--backfill-only`.
 */
import { STATUS_STALE } from '../src/shared/domain'
import { createCore } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { freePort, startQuirkServer, type QuirkVariable } from '../test/support/quirkServer'
import { probePlant, quirkTag } from '../test/support/plantProbe'
import { serverHistory } from '../test/support/serverHistory'
import { data, signedIn } from '../test/support/session'
import { startTcpProxy } from '../test/support/tcpProxy'
import { waitFor } from '../test/support/tempDir'
import { runLoadBench, startPlantChild } from './opcuaLoad'
import { report, tempDir } from './support'

const OUTAGE_MS = Number(process.env.PW_BENCH_OUTAGE_MS ?? 30_000)

async function resumeAndStale(): Promise<void> {
  const port = await freePort()
  const pkiDir = tempDir('bench-opcua-server')
  const variables: QuirkVariable[] = [{ name: 'B.Temp', dataType: 'Double', value: () => 40 + Math.sin(Date.now() / 1000) }]
  let server = await startQuirkServer({ port, pkiDir, variables, updateMs: 100 })
  const probe = await probePlant(server.endpoint, [quirkTag(0, 'B.Temp')])
  try {
    await waitFor('first values', () => probe.goodAfter(0, 0), 20_000)
    const resumes: number[] = []
    for (let round = 0; round < 3; round++) {
      await server.stop()
      await new Promise((r) => setTimeout(r, 1_000))
      server = await startQuirkServer({ port, pkiDir, variables, updateMs: 100 })
      const accepting = Date.now()
      const back = await waitFor('values after the restart', () => probe.goodAfter(0, accepting), 20_000)
      resumes.push(back.at - accepting)
    }
    resumes.sort((a, b) => a - b)
    report('reconnect_resume_ms', resumes[1]!, 'ms', 0)

    const dropped = Date.now()
    server.dropSubscriptions()
    const stale = await waitFor('the stale mark', () => probe.samples[0]!.find((s) => s.at > dropped && s.status === STATUS_STALE), 30_000)
    report('stale_detect_ms', stale.at - dropped, 'ms', 0)
    report('stale_detect_lifetime_ms', 6_000, 'ms', 0)
  } finally {
    await probe.dispose()
    await server.stop()
  }
}

/** A 30 s network outage between the core and a historized server: what is missing afterwards. */
async function backfillAfterOutage(): Promise<void> {
  const plant = await startPlantChild({ extraTags: 0, updateIntervalMs: 100 })
  const url = new URL(plant.endpoint)
  const relay = await startTcpProxy(Number(url.port))
  const dataDir = tempDir('bench-backfill')
  const tagMap = await loadTagMap(appPaths().defaultTagMap)
  const core = await createCore({ dataDir, tagMap, logger: silentLogger, detection: false, warmStartMs: 60_000, plant: { securityMode: 'None', securityPolicy: 'None', endpoint: relay.endpoint(url.pathname) } })
  const filled: Array<{ from: number; to: number }> = []
  core.on('history:backfilled', (b) => filled.push(b))
  try {
    await waitFor('connected', () => (core.connection().status === 'connected' ? true : undefined), 120_000)
    await new Promise((r) => setTimeout(r, 5_000))
    const cutAt = Date.now()
    await relay.cut()
    await new Promise((r) => setTimeout(r, OUTAGE_MS))
    await relay.restore()
    const restoredAt = Date.now()
    await waitFor('connected again', () => (core.connection().status === 'connected' && core.connection().since > restoredAt ? true : undefined), 120_000)
    const resumedAt = core.connection().since
    report('backfill_outage_reconnect_ms', resumedAt - restoredAt, 'ms', 0)
    await waitFor('the backfill', () => (filled.some((b) => b.to >= resumedAt - 1_000) ? true : undefined), 120_000)
    await new Promise((r) => setTimeout(r, 1_500))
    const tags = core.tags()
    const truth = await serverHistory(plant.endpoint, tags.map((t) => t.nodeId), cutAt - 2_000, resumedAt)
    const { call } = await signedIn(core, 'bench', 'viewer')
    let expected = 0
    let missing = 0
    let repeats = 0
    for (const [k, tag] of tags.entries()) {
      const [series] = data(await call('history:query', { tags: [tag.name], from: cutAt - 2_000, to: resumedAt + 1, maxPoints: 100_000, mode: 'raw' }))
      const stored = new Set(series?.t ?? [])
      const { time, value, status } = truth[k]!
      expected += time.length
      for (let i = 0; i < time.length; i++) {
        if (stored.has(time[i]!)) continue
        // A value equal to the one before, with the same status, is no data change: a
        // subscription does not report it (Part 4 §7.22.2, DataChangeTrigger STATUS_VALUE),
        // and the historian's step holds it. Anything else the server kept is missing.
        if (i > 0 && stored.has(time[i - 1]!) && Object.is(value[i], value[i - 1]) && status[i] === status[i - 1]) {
          repeats++
          stored.add(time[i]!)
          continue
        }
        // Where it fell, for whoever chases it: a rare miss (2-3 of ~24,000) has been seen under load.
        if (missing++ < 10) console.log(`# missing: ${tag.name} at cut +${time[i]! - cutAt} ms, resumed ${time[i]! - resumedAt} ms, value ${value[i]}, status 0x${status[i]!.toString(16)}; backfilled (from cut): ${filled.map((f) => `${f.from - cutAt}..${f.to - cutAt}`).join(', ')}`)
      }
    }
    console.log(`# ${expected} values historized by the server over the ${OUTAGE_MS / 1000} s outage (${tags.length} tags); ${repeats} repeats of an unchanged value, not reported by a subscription, are not counted`)
    report('backfill_points_missing', missing, 'points', 0)
  } finally {
    await core.dispose()
    await relay.close()
    await plant.stop()
  }
}

const only = (flag: string): boolean => process.argv.includes(flag)
if (!only('--items-only') && !only('--backfill-only')) await resumeAndStale()
if (!only('--items-only')) await backfillAfterOutage()
if (!only('--backfill-only')) await runLoadBench()
process.exit(0)
