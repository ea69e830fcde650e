import { AttributeIds, TimestampsToReturn, VariableIds, resolveNodeId, type ClientSession, type DataValue, type NodeId } from 'node-opcua'
import { chunks } from '../../core/opcua/operationLimits'
import { resolveNodeIds } from '../../core/opcua/resolveNodeIds'
import { parseCommandLine, UsageError } from '../args'
import { CONNECT_FLAGS, CONNECT_USAGE, openCliSession, stderrLogger } from './opcuaSession'
import { dataValueText } from './nodeText'

export const READ_USAGE = `plantwatch read <endpoint> <nodeId…>
  Reads each node's value once: "nodeId  value  DataType  StatusCode  sourceTimestamp", tab-separated.
  NodeIds as in a tag map (ns=2;s=…, nsu=urn:…;s=…, i=2258). Exit 1 if any node could not be read.
${CONNECT_USAGE}`

export const WATCH_USAGE = `plantwatch watch <endpoint> <nodeId…> [--interval MS] [--count N]
  Subscribes to the nodes and prints one line per change, as read does, until Ctrl-C
  (or N changes). --interval: publishing interval in ms (default 500).
${CONNECT_USAGE}`

type Io = { stdout(s: string): void; stderr(s: string): void }

/** Resolves the command line's NodeIds on the session; a bad one is a usage error naming it. */
async function nodesOf(session: ClientSession, ids: string[]): Promise<NodeId[]> {
  const { nodeIds } = await resolveNodeIds(session, ids)
  return nodeIds.map((r, i) => {
    if ('error' in r) throw new UsageError(`${ids[i]}: ${r.error.code}: ${r.error.message}`)
    return r.nodeId
  })
}

/** `plantwatch read`. */
export async function runReadCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${READ_USAGE}\n`), 0)
  const { flags, positionals } = parseCommandLine(argv, CONNECT_FLAGS)
  const [endpoint, ...ids] = positionals
  if (!endpoint || ids.length === 0) throw new UsageError(`read takes an endpoint and at least one NodeId\n\n${READ_USAGE}`)
  const cli = await openCliSession(endpoint, dataDir, flags, stderrLogger(io.stderr))
  try {
    const nodes = await nodesOf(cli.session, ids)
    const values: DataValue[] = []
    for (const chunk of chunks(nodes, await maxNodesPerRead(cli.session))) {
      values.push(...(await cli.session.read(chunk.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })))))
    }
    values.forEach((dv, i) => io.stdout(`${ids[i]}\t${dataValueText(dv)}\n`))
    return values.every((dv) => !dv.statusCode.isBad()) ? 0 : 1
  } finally {
    await cli.close()
  }
}

/** The server's MaxNodesPerRead (0: no limit), read directly (node-opcua's helper prints debug lines to stdout). */
async function maxNodesPerRead(session: ClientSession): Promise<number> {
  const dv = await session.read({ nodeId: resolveNodeId(`i=${VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead}`), attributeId: AttributeIds.Value })
  const n = Number(dv.value.value)
  return dv.statusCode.isGood() && Number.isFinite(n) && n > 0 ? n : 0
}

/** `plantwatch watch`: runs until SIGINT/SIGTERM, the server ends the subscription, or --count changes. */
export async function runWatchCommand(argv: string[], io: Io, dataDir: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${WATCH_USAGE}\n`), 0)
  const { flags, positionals } = parseCommandLine(argv, { ...CONNECT_FLAGS, interval: { type: 'string' }, count: { type: 'string' } })
  const [endpoint, ...ids] = positionals
  if (!endpoint || ids.length === 0) throw new UsageError(`watch takes an endpoint and at least one NodeId\n\n${WATCH_USAGE}`)
  const interval = flags.interval === undefined ? 500 : Number(flags.interval)
  if (!(Number.isFinite(interval) && interval >= 10 && interval <= 60_000)) throw new UsageError(`--interval must be 10-60000 ms, got "${flags.interval}"`)
  const count = flags.count === undefined ? Infinity : Number(flags.count)
  if (!(Number.isInteger(count) && count > 0) && count !== Infinity) throw new UsageError(`--count must be a whole number above 0, got "${flags.count}"`)
  const cli = await openCliSession(endpoint, dataDir, flags, stderrLogger(io.stderr))
  try {
    const nodes = await nodesOf(cli.session, ids)
    const subscription = await cli.session.createSubscription2({ requestedPublishingInterval: interval, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 60, publishingEnabled: true })
    let seen = 0
    let finish: (code: number) => void = () => undefined
    const done = new Promise<number>((resolve) => (finish = resolve))
    const group = await subscription.monitorItems(
      nodes.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: 0, queueSize: 16, discardOldest: true },
      TimestampsToReturn.Both
    )
    group.monitoredItems.forEach((item, i) => {
      if (item.statusCode?.isNotGood()) io.stderr(`${ids[i]}: not monitored: ${item.statusCode.name}\n`)
    })
    group.on('changed', (_item, dataValue: DataValue, i: number) => {
      if (seen >= count) return
      io.stdout(`${new Date().toISOString()}\t${ids[i]}\t${dataValueText(dataValue)}\n`)
      if (++seen >= count) finish(0)
    })
    subscription.on('terminated', () => (io.stderr('the server ended the subscription\n'), finish(1)))
    const stop = (): void => finish(0)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    const code = await done
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    await subscription.terminate().catch(() => undefined)
    return code
  } finally {
    await cli.close()
  }
}
