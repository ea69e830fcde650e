import {
  browseAll,
  BrowseDirection,
  NodeClass,
  readNamespaceArray,
  ReferenceTypeIds,
  resolveNodeId,
  type ClientSession,
  type NodeId,
  type ReferenceDescription
} from 'node-opcua'
import { parseCommandLine, UsageError } from '../args'
import { CONNECT_FLAGS, CONNECT_USAGE, openCliSession, stderrLogger } from './opcuaSession'
import { portableNodeId } from './nodeText'

export const BROWSE_USAGE = `plantwatch browse <endpoint> [--path /Objects/DemoMine] [--depth N]
  Lists the address space below --path (browse names from the Root folder, "/" separated;
  default /Objects) to N levels (default 1, at most 10): one node per line, indented, with
  its node class and the NodeId to put in a tag map (nsu= form).
${CONNECT_USAGE}`

const MAX_DEPTH = 10

/** `plantwatch browse`. */
export async function runBrowseCommand(argv: string[], io: { stdout(s: string): void; stderr(s: string): void }, dataDir: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (io.stdout(`${BROWSE_USAGE}\n`), 0)
  const { flags, positionals } = parseCommandLine(argv, { ...CONNECT_FLAGS, path: { type: 'string' }, depth: { type: 'string' } })
  const [endpoint, ...extra] = positionals
  if (!endpoint || extra.length > 0) throw new UsageError(`browse takes one endpoint\n\n${BROWSE_USAGE}`)
  const depth = flags.depth === undefined ? 1 : Number(flags.depth)
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw new UsageError(`--depth must be a whole number from 1 to ${MAX_DEPTH}, got "${flags.depth}"`)
  const cli = await openCliSession(endpoint, dataDir, flags, stderrLogger(io.stderr))
  try {
    const namespaces = await readNamespaceArray(cli.session)
    const path = flags.path ?? '/Objects'
    const start = await findPath(cli.session, path)
    io.stdout(`${path}  ${portableNodeId(start, namespaces)}\n`)
    await walk(cli.session, start, depth, '  ', namespaces, io.stdout)
    return 0
  } finally {
    await cli.close()
  }
}

async function children(session: ClientSession, nodeId: NodeId): Promise<ReferenceDescription[]> {
  // browseAll follows continuation points (and releases them), so a large folder is listed whole.
  const result = await browseAll(session, {
    nodeId,
    browseDirection: BrowseDirection.Forward,
    referenceTypeId: ReferenceTypeIds.HierarchicalReferences,
    includeSubtypes: true,
    resultMask: 0x3f
  })
  if (result.statusCode.isNotGood()) throw new Error(`browsing ${nodeId.toString()} failed: ${result.statusCode.name}`)
  return result.references ?? []
}

/** Follows browse names from the Root folder; a missing step names what is there instead. */
async function findPath(session: ClientSession, path: string): Promise<NodeId> {
  let node = resolveNodeId('RootFolder')
  let walked = ''
  for (const step of path.split('/').filter(Boolean)) {
    const refs = await children(session, node)
    const hit = refs.find((r) => r.browseName.name === step || `${r.browseName.namespaceIndex}:${r.browseName.name}` === step)
    if (!hit) {
      const names = refs.map((r) => r.browseName.name).slice(0, 20)
      throw new UsageError(`--path: no "${step}" under ${walked || '/'}; there: ${names.join(', ') || '(nothing)'}`)
    }
    node = hit.nodeId
    walked += `/${step}`
  }
  return node
}

async function walk(session: ClientSession, node: NodeId, depth: number, indent: string, namespaces: string[], out: (s: string) => void): Promise<void> {
  for (const ref of await children(session, node)) {
    const name = ref.browseName.name ?? '?'
    out(`${indent}${name}  ${NodeClass[ref.nodeClass] ?? ref.nodeClass}  ${portableNodeId(ref.nodeId, namespaces)}\n`)
    if (depth > 1 && ref.nodeClass !== NodeClass.Method) await walk(session, ref.nodeId, depth - 1, `${indent}  `, namespaces, out)
  }
}
