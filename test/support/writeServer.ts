import { join } from 'node:path'
import { DataType, OPCUACertificateManager, OPCUAServer, StatusCodes, Variant } from 'node-opcua'
import { freePort } from './quirkServer'

/** Namespace of {@link startWriteServer}'s nodes. */
export const WRITE_SERVER_URI = 'urn:field-case:writes'

export interface WriteServer {
  endpoint: string
  /** The current value of a node by name, as the server holds it. */
  value(name: string): unknown
  stop(): Promise<void>
}

/**
 * A node-opcua server with nodes an operator may write and nodes whose writes it rejects:
 * `WR.Setpoint` (Double) and `WR.Count` (Int32) accept writes; `WR.Locked` is read-only
 * (BadNotWritable); `WR.Guarded` refuses anything above 50 with BadOutOfRange, as a PLC
 * guarding its own limits would; `WR.Denied` is writable but not by this user (BadUserAccessDenied).
 */
export async function startWriteServer(pkiDir: string): Promise<WriteServer> {
  const port = await freePort()
  const certificateManager = new OPCUACertificateManager({ rootFolder: join(pkiDir), automaticallyAcceptUnknownCertificate: false })
  await certificateManager.initialize()
  const server = new OPCUAServer({ port, hostname: '127.0.0.1', alternateHostname: [], resourcePath: '/writes', serverCertificateManager: certificateManager })
  await server.initialize()
  const addressSpace = server.engine.addressSpace!
  const ns = addressSpace.registerNamespace(WRITE_SERVER_URI)
  const folder = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'Writes' })
  const values = new Map<string, unknown>([['WR.Setpoint', 40], ['WR.Count', 5], ['WR.Locked', 7], ['WR.Guarded', 20], ['WR.Denied', 3]])
  const add = (name: string, dataType: 'Double' | 'Int32', access: { accessLevel: string; userAccessLevel: string }, guard?: (v: number) => boolean): void => {
    ns.addVariable({
      componentOf: folder,
      browseName: name,
      nodeId: `s=${name}`,
      dataType,
      minimumSamplingInterval: 100,
      ...access,
      value: {
        get: () => new Variant({ dataType: DataType[dataType], value: values.get(name) }),
        set: (variant: Variant) => {
          if (guard && !guard(variant.value as number)) return StatusCodes.BadOutOfRange
          values.set(name, variant.value)
          return StatusCodes.Good
        }
      }
    })
  }
  const readWrite = { accessLevel: 'CurrentRead | CurrentWrite', userAccessLevel: 'CurrentRead | CurrentWrite' }
  add('WR.Setpoint', 'Double', readWrite)
  add('WR.Count', 'Int32', readWrite)
  add('WR.Locked', 'Double', { accessLevel: 'CurrentRead', userAccessLevel: 'CurrentRead' })
  add('WR.Guarded', 'Double', readWrite, (v) => v <= 50)
  add('WR.Denied', 'Double', { accessLevel: 'CurrentRead | CurrentWrite', userAccessLevel: 'CurrentRead' })
  await server.start()
  return {
    endpoint: `opc.tcp://127.0.0.1:${port}/writes`,
    value: (name) => values.get(name),
    async stop() {
      await server.shutdown(0)
      await certificateManager.dispose()
    }
  }
}
