/**
 * OPC UA link figures (issue 10), against node-opcua quirk servers on 127.0.0.1:
 * - reconnect_resume_ms: from a restarted server accepting connections to Good values
 *   flowing again through Plantwatch's client (median of 3; target <= 3000);
 * - stale_detect_ms: from the server silently dropping the subscription (session kept) to
 *   the tags marked stale (target <= subscription lifetime + 1 s; lifetime printed alongside);
 * - opcua_monitored_items: items on one session at a 1 s publishing interval that deliver
 *   every change for 10 s, from a demo plant in its own process (target 20,000; the 200 at
 *   100 ms on the same session needs subscriptions by rate, not built yet);
 * - core_cpu_per_value_vs_bare_client: CPU per value of Plantwatch's client against a bare
 *   node-opcua client on the same items, same run (target <= 1.3).
 * Run: npx tsx bench/opcua.bench.ts (about a minute).
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AttributeIds, OPCUACertificateManager, OPCUAClient, readOperationLimits, TimestampsToReturn } from 'node-opcua'
import { isGoodStatus, STATUS_STALE } from '../src/shared/domain'
import { NAMESPACE_URI, startDemoPlant } from '../src/main/demo-plant'
import { extraTagIdentifier } from '../src/main/demo-plant/extraTags'
import { freePort, startQuirkServer, type QuirkVariable } from '../test/support/quirkServer'
import { probePlant, quirkTag } from '../test/support/plantProbe'
import { connectPlant } from '../src/main/core/opcua/plantClient'
import { waitFor } from '../test/support/tempDir'
import { report, tempDir } from './support'

const ITEMS = Number(process.env.PW_BENCH_ITEMS ?? 20_000)
const MEASURE_MS = 10_000

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

/** A demo plant with `ITEMS` synthetic tags changing every second, in its own process (as in production). */
async function startLoadPlant(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', tempDir('bench-items-plant'), String(ITEMS)], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString()
      const m = /^url (\S+)$/m.exec(text)
      if (m) resolve(m[1]!)
    })
    child.once('exit', (code) => reject(new Error(`plant child exited early (${code})`)))
  })
  return {
    endpoint,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
  }
}

const itemNodeId = (k: number): string => `nsu=${NAMESPACE_URI};s=${extraTagIdentifier(k + 1)}`

/** CPU microseconds per value of a bare node-opcua client subscribed to the same items. */
async function bareClientCpuPerValue(endpoint: string): Promise<number> {
  const cm = new OPCUACertificateManager({ rootFolder: tempDir('bench-bare-pki'), automaticallyAcceptUnknownCertificate: false })
  const client = OPCUAClient.create({ clientCertificateManager: cm, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } })
  await client.connect(endpoint)
  try {
    const session = await client.createSession()
    const ns = (await session.readNamespaceArray()).indexOf(NAMESPACE_URI)
    const sub = await session.createSubscription2({ requestedPublishingInterval: 1_000, requestedMaxKeepAliveCount: 2, requestedLifetimeCount: 6, maxNotificationsPerPublish: 0, publishingEnabled: true })
    let received = 0
    const items = Array.from({ length: ITEMS }, (_, k) => ({ nodeId: itemNodeId(k).replace(`nsu=${NAMESPACE_URI}`, `ns=${ns}`), attributeId: AttributeIds.Value }))
    const perCall = (await readOperationLimits(session)).maxMonitoredItemsPerCall || items.length
    for (let i = 0; i < items.length; i += perCall) {
      const group = await sub.monitorItems(items.slice(i, i + perCall), { samplingInterval: 0, queueSize: 16, discardOldest: true }, TimestampsToReturn.Both)
      group.on('changed', () => received++)
    }
    await new Promise((r) => setTimeout(r, 5_000))
    received = 0
    const cpu0 = process.cpuUsage()
    await new Promise((r) => setTimeout(r, MEASURE_MS))
    const cpu = process.cpuUsage(cpu0)
    await sub.terminate()
    await session.close()
    return (cpu.user + cpu.system) / Math.max(1, received)
  } finally {
    await client.disconnect()
    await cm.dispose()
  }
}

async function monitoredItems(): Promise<void> {
  const plant = await startLoadPlant()
  try {
    const bare = await bareClientCpuPerValue(plant.endpoint)
    const tags = Array.from({ length: ITEMS }, (_, k) => quirkTag(k, `Extra.T${k}`, { nodeId: itemNodeId(k) }))
    // Counting only, in typed arrays: the figure is the client's cost, not the bench's bookkeeping.
    const goodCount = new Uint32Array(ITEMS)
    let values = 0
    const connection = await connectPlant({
      endpoint: plant.endpoint,
      pkiDir: join(tempDir('bench-core-client'), 'pki'),
      publishingIntervalMs: 1_000,
      tags,
      onState: () => undefined,
      onBatch(batch) {
        values += batch.value.length
        for (let i = 0; i < batch.value.length; i++) if (isGoodStatus(batch.status[i]!)) goodCount[batch.tagIndex[i]!]!++
      }
    })
    try {
      await waitFor('every item', () => (goodCount.every((n) => n > 0) ? true : undefined), 120_000)
      await new Promise((r) => setTimeout(r, 3_000))
      const before = goodCount.slice()
      const values0 = values
      const cpu0 = process.cpuUsage()
      await new Promise((r) => setTimeout(r, MEASURE_MS))
      const cpu = process.cpuUsage(cpu0)
      // An item delivering every change has at least (seconds - 1) Good values at 1 change/s.
      const need = Math.floor(MEASURE_MS / 1_000) - 1
      console.log(`# values in window ${values - values0}, good deltas ${goodCount.reduce((n, c, k) => n + c - before[k]!, 0)}`)
      let sustained = 0
      for (let k = 0; k < ITEMS; k++) if (goodCount[k]! - before[k]! >= need) sustained++
      report('opcua_monitored_items', sustained, 'items', 0)
      if (sustained < ITEMS) console.log(`# ${ITEMS - sustained} of ${ITEMS} items delivered fewer than ${need} changes in ${MEASURE_MS / 1000} s`)
      report('core_cpu_per_value_vs_bare_client', (cpu.user + cpu.system) / Math.max(1, values - values0) / bare, 'x', 2)
    } finally {
      await connection.dispose()
    }
  } finally {
    await plant.stop()
  }
}

async function child(dir: string, extraTags: number): Promise<void> {
  const plant = await startDemoPlant({ port: 0, pkiDir: join(dir, 'pki'), extraTags, updateIntervalMs: 1_000 })
  console.log(`url ${plant.endpointUrl}`)
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()))
  await plant.stop()
}

const childArgs = process.argv.indexOf('--child')
if (childArgs > 0) {
  await child(process.argv[childArgs + 1]!, Number(process.argv[childArgs + 2]))
  process.exit(0)
}
if (!process.argv.includes('--items-only')) await resumeAndStale()
await monitoredItems()
process.exit(0)
