/**
 * Load figures of issue 10, each side in its own process, all at the same time:
 * - a demo plant with 20,200 synthetic tags (`--plant-child`), ticking every 100 ms;
 * - Plantwatch's client (`--client-child core`: connectPlant, a batcher, tag values, health)
 *   and a bare node-opcua client (`--client-child bare`: subscriptions and a counter), each
 *   subscribing on one session to the same items the same way: 20,000 sampled at 1 s on a
 *   1 s subscription, 200 exception-based on a 100 ms subscription.
 * Both clients measure their own CPU over the same 10 s window, so machine load hits both
 * alike (the server carries both, so it is twice as loaded as with one client).
 * - opcua_monitored_items: Plantwatch's items that delivered every value in the window: a 1 s
 *   item at least one per second less one, a 100 ms item every tick the fast items saw;
 * - core_cpu_per_value_vs_bare_client: Plantwatch's CPU per value over the bare client's.
 * On a shared 2-core machine at load average 20-29 the plant child alone needs minutes to
 * create 20,200 tags, and a client whose set-up outlasts node-opcua's request timeouts exits:
 * the run then fails with that error instead of printing a figure.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { join, resolve } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { AttributeIds, ClientSecureChannelLayer, OPCUACertificateManager, OPCUAClient, readOperationLimits, TimestampsToReturn, type ClientSubscription } from 'node-opcua'
import type { TagInfo } from '../src/shared/domain'
import { NAMESPACE_URI, startDemoPlant } from '../src/main/demo-plant'
import { extraTagIdentifier } from '../src/main/demo-plant/extraTags'
import { connectPlant } from '../src/main/core/opcua/plantClient'
import { report, tempDir } from './support'

const SLOW_ITEMS = Number(process.env.PW_BENCH_ITEMS ?? 20_000)
const FAST_ITEMS = Number(process.env.PW_BENCH_FAST_ITEMS ?? 200)
const SLOW_MS = 1_000
const FAST_MS = 100
const MEASURE_MS = 10_000
const SELF = fileURLToPath(import.meta.url)
const BARE_ITEMS_PER_CALL = 1_000

const itemNodeId = (k: number): string => `nsu=${NAMESPACE_URI};s=${extraTagIdentifier(k + 1)}`
const isFast = (k: number): boolean => k >= SLOW_ITEMS

/** A demo plant in its own process, as in production. */
export async function startPlantChild(o: { extraTags: number; updateIntervalMs: number }): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--plant-child', tempDir('bench-plant'), String(o.extraTags), String(o.updateIntervalMs)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const endpoint = await new Promise<string>((resolveUrl, reject) => {
    let text = ''
    child.stdout.on('data', (b: Buffer) => {
      text += b.toString()
      const m = /^url (\S+)$/m.exec(text)
      if (m) resolveUrl(m[1]!)
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

interface ClientResult {
  cpuUs: number
  values: number
  /** Per item: values in the window. */
  counts: number[]
  /** Distinct source times the fast items carried in the window (server ticks seen). */
  fastTicks: number
}

type Child = ChildProcessByStdio<Writable, Readable, null>

function startClientChild(kind: 'core' | 'bare', endpoint: string): { child: Child; ready: Promise<void>; result: Promise<ClientResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--client-child', kind, endpoint], { stdio: ['pipe', 'pipe', 'inherit'] })
  let text = ''
  let ready!: () => void
  let done!: (r: ClientResult) => void
  const readyP = new Promise<void>((r) => (ready = r))
  const resultP = new Promise<ClientResult>((r, reject) => {
    done = r
    child.once('exit', (code) => reject(new Error(`${kind} client exited (${code}) before its result`)))
  })
  child.stdin.on('error', () => undefined)
  child.stdout.on('data', (b: Buffer) => {
    text += b.toString()
    if (/^ready/m.test(text)) ready()
    const m = /^result (.*)$/m.exec(text)
    if (m) done(JSON.parse(m[1]!) as ClientResult)
  })
  return { child, ready: readyP, result: resultP }
}

/** Runs the plant and both clients, and reports. */
export async function runLoadBench(): Promise<void> {
  const plant = await startPlantChild({ extraTags: SLOW_ITEMS + FAST_ITEMS, updateIntervalMs: FAST_MS })
  // Set up one after the other (creating 20,200 items at once from two clients can outlast a
  // request timeout on a loaded machine), then measure both in the same window.
  const clients: Array<{ kind: string } & ReturnType<typeof startClientChild>> = []
  try {
    for (const kind of ['core', 'bare'] as const) {
      const c = { kind, ...startClientChild(kind, plant.endpoint) }
      clients.push(c)
      await Promise.race([c.ready, c.result])
    }
    for (const c of clients) c.child.stdin.write('go\n')
    const [core, bare] = await Promise.all(clients.map((c) => c.result))
    const need = Math.floor(MEASURE_MS / SLOW_MS) - 1
    // A fast item misses none of the server's ticks; the window's two edge ticks may fall either side.
    let slow = 0
    let fast = 0
    core!.counts.forEach((n, k) => (isFast(k) ? n >= core!.fastTicks - 2 && fast++ : n >= need && slow++))
    console.log(`# ${core!.values} values in ${MEASURE_MS / 1000} s; ${slow} of ${SLOW_ITEMS} items at 1 s with >= ${need} values, ${fast} of ${FAST_ITEMS} at 100 ms with every one of ${core!.fastTicks} ticks (less 2)`)
    report('opcua_monitored_items', slow + fast, 'items', 0)
    report('opcua_monitored_items_100ms', fast, 'items', 0)
    const corePerValue = core!.cpuUs / Math.max(1, core!.values)
    const barePerValue = bare!.cpuUs / Math.max(1, bare!.values)
    console.log(`# CPU per value: Plantwatch ${corePerValue.toFixed(2)} us (${core!.values} values), bare node-opcua ${barePerValue.toFixed(2)} us (${bare!.values} values), same window`)
    report('core_cpu_per_value_vs_bare_client', corePerValue / barePerValue, 'x', 2)
  } finally {
    for (const c of clients) c.child.kill('SIGTERM')
    await plant.stop()
  }
}

/** Counts per item in the measuring window and the fast items' distinct source times. */
function createCounter(total: number): { add(k: number, sourceTime: number): void; open(): void; close(): Omit<ClientResult, 'cpuUs'> } {
  const counts = new Uint32Array(total)
  const ticks = new Set<number>()
  let measuring = false
  let values = 0
  return {
    add(k, t) {
      values++
      if (!measuring) return
      counts[k]!++
      if (isFast(k)) ticks.add(t)
    },
    open() {
      measuring = true
      values = 0
    },
    close() {
      measuring = false
      return { values, counts: Array.from(counts), fastTicks: ticks.size }
    }
  }
}

async function clientChild(kind: 'core' | 'bare', endpoint: string): Promise<void> {
  const total = SLOW_ITEMS + FAST_ITEMS
  const counter = createCounter(total)
  const seen = new Uint8Array(total)
  let seenCount = 0
  const mark = (k: number): void => {
    if (!seen[k]) (seen[k] = 1), seenCount++
  }
  let stop: () => Promise<void>
  if (kind === 'core') {
    const tags: TagInfo[] = Array.from({ length: total }, (_, k) => ({
      index: k,
      name: `Extra.T${k}`,
      nodeId: itemNodeId(k),
      equipment: 'Extra',
      signal: 'other',
      unit: '',
      euRange: { low: 0, high: 100 },
      limits: {},
      ...(isFast(k) ? { publishingIntervalMs: FAST_MS, samplingIntervalMs: 0 } : { publishingIntervalMs: SLOW_MS, samplingIntervalMs: SLOW_MS })
    }))
    const connection = await connectPlant({
      endpoint,
      pkiDir: join(tempDir('bench-core-client'), 'pki'),
      publishingIntervalMs: SLOW_MS,
      tags,
      onState: () => undefined,
      onBatch(batch) {
        for (let i = 0; i < batch.value.length; i++) {
          const k = batch.tagIndex[i]!
          mark(k)
          counter.add(k, batch.sourceTime[i]!)
        }
      }
    })
    stop = () => connection.dispose()
  } else {
    const cm = new OPCUACertificateManager({ rootFolder: tempDir('bench-bare-pki'), automaticallyAcceptUnknownCertificate: false })
    // Set-up only: a server busy serving the other client may take longer than the 15 s default.
    ClientSecureChannelLayer.defaultTransactionTimeout = 120_000
    const client = OPCUAClient.create({ clientCertificateManager: cm, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } })
    await client.connect(endpoint)
    const session = await client.createSession()
    const ns = (await session.readNamespaceArray()).indexOf(NAMESPACE_URI)
    // Chunks as small as the server's limit, at most 1,000: one call for 20,000 items can outlast a request timeout.
    const perCall = Math.min(BARE_ITEMS_PER_CALL, (await readOperationLimits(session)).maxMonitoredItemsPerCall || BARE_ITEMS_PER_CALL)
    const subs: ClientSubscription[] = []
    for (const [rate, sampling, from, to] of [
      [SLOW_MS, SLOW_MS, 0, SLOW_ITEMS],
      [FAST_MS, 0, SLOW_ITEMS, total]
    ] as const) {
      const sub = await session.createSubscription2({ requestedPublishingInterval: rate, requestedMaxKeepAliveCount: Math.ceil(2_000 / rate), requestedLifetimeCount: 3 * Math.ceil(2_000 / rate), maxNotificationsPerPublish: 0, publishingEnabled: true })
      subs.push(sub)
      for (let i = from; i < to; i += perCall) {
        const end = Math.min(to, i + perCall)
        const items = Array.from({ length: end - i }, (_, j) => ({ nodeId: itemNodeId(i + j).replace(`nsu=${NAMESPACE_URI}`, `ns=${ns}`), attributeId: AttributeIds.Value }))
        const group = await sub.monitorItems(items, { samplingInterval: sampling, queueSize: 16, discardOldest: true }, TimestampsToReturn.Both)
        group.on('changed', (_item, dv, j: number) => {
          mark(i + j)
          counter.add(i + j, dv.sourceTimestamp?.getTime() ?? 0)
        })
      }
    }
    stop = async () => {
      for (const sub of subs) await sub.terminate().catch(() => undefined)
      await session.close().catch(() => undefined)
      await client.disconnect()
      await cm.dispose()
    }
  }
  const deadline = Date.now() + 180_000
  while (seenCount < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  // Settle, then say ready and wait for the common start.
  await new Promise((r) => setTimeout(r, 3_000))
  console.log(`ready ${seenCount}`)
  await new Promise<void>((r) => process.stdin.once('data', () => r()))
  counter.open()
  const cpu0 = process.cpuUsage()
  await new Promise((r) => setTimeout(r, MEASURE_MS))
  const cpu = process.cpuUsage(cpu0)
  const result = { cpuUs: cpu.user + cpu.system, ...counter.close() }
  console.log(`result ${JSON.stringify(result)}`)
  await stop()
  process.exit(0)
}

async function plantChild(dir: string, extraTags: number, updateIntervalMs: number): Promise<void> {
  const plant = await startDemoPlant({ port: 0, pkiDir: join(dir, 'pki'), extraTags, updateIntervalMs })
  console.log(`url ${plant.endpointUrl}`)
  await new Promise<void>((r) => process.once('SIGTERM', () => r()))
  await plant.stop()
  process.exit(0)
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const at = (flag: string): number => process.argv.indexOf(flag)
  if (at('--plant-child') > 0) await plantChild(process.argv[at('--plant-child') + 1]!, Number(process.argv[at('--plant-child') + 2]), Number(process.argv[at('--plant-child') + 3]))
  else if (at('--client-child') > 0) await clientChild(process.argv[at('--client-child') + 1] as 'core' | 'bare', process.argv[at('--client-child') + 2]!)
}
