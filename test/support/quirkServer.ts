import { createServer } from 'node:net'
import { join } from 'node:path'
import {
  DataType,
  DataValue,
  SessionContext,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  Variant,
  VariantArrayType,
  type AddressSpace,
  type Namespace,
  type StatusCode,
  type UAObject,
  type UAVariable
} from 'node-opcua'

/** One variable of a quirk server; `value()` is asked every `updateMs`. */
export interface QuirkVariable {
  name: string
  dataType: keyof typeof DataType
  value(): unknown
  arrayType?: VariantArrayType
  status?(): StatusCode
  /** Source timestamp of each update; default now. `null`: none sent. */
  sourceTime?(): Date | null
  /**
   * Server timestamp of each update, for a server whose clock is not the device's (node-opcua's
   * `setValueFromSource` stamps both with the source time); the value is then written, not set.
   */
  serverTime?(): Date
}

export interface QuirkServerOptions {
  port: number
  pkiDir: string
  uri?: string
  /** Namespaces registered before `uri`, so its index moves (as after a server update). */
  namespacesBefore?: number
  /** Each of those namespaces also holds every variable's NodeId, reading 999 (as an aggregating server might). */
  decoys?: boolean
  maxMonitoredItemsPerCall?: number
  secureOnly?: boolean
  users?: Array<{ username: string; password: string }>
  variables: QuirkVariable[]
  updateMs?: number
  /** An OffNormalAlarm `TripAlarm` on an object `QuirkMachine`, active while `setTripped(true)` (Part 9 events on the Server object). */
  tripAlarm?: boolean
}

export interface QuirkServer {
  endpoint: string
  uri: string
  server: OPCUAServer
  certificateManager: OPCUACertificateManager
  /** Deletes every client subscription but keeps sessions and connections (an expired or cleaned-up subscription). */
  dropSubscriptions(): void
  /** Raises (true) or returns (false) the `tripAlarm`. */
  setTripped(tripped: boolean): void
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1, for servers that must come back on the same address. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/**
 * A small node-opcua server with one quirk at a time, for the field cases: the kinds of
 * server behaviour clients meet in plants (renumbered namespaces, limits, odd types).
 * It trusts no client certificate it was not told to (`certificateManager.trustCertificate`).
 */
export async function startQuirkServer(options: QuirkServerOptions): Promise<QuirkServer> {
  const uri = options.uri ?? 'urn:field-case:quirk'
  const certificateManager = new OPCUACertificateManager({ rootFolder: join(options.pkiDir), automaticallyAcceptUnknownCertificate: false })
  await certificateManager.initialize()
  const users = options.users ?? []
  const server = new OPCUAServer({
    port: options.port,
    hostname: '127.0.0.1',
    alternateHostname: [],
    resourcePath: '/quirk',
    serverCertificateManager: certificateManager,
    allowAnonymous: users.length === 0,
    securityModes: options.secureOnly ? [MessageSecurityMode.SignAndEncrypt] : [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: options.secureOnly ? [SecurityPolicy.Basic256Sha256] : [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    userManager: {
      isValidUser: (userName: string, password: string) => users.some((u) => u.username === userName && u.password === password)
    },
    serverCapabilities: options.maxMonitoredItemsPerCall ? { operationLimits: { maxMonitoredItemsPerCall: options.maxMonitoredItemsPerCall } } : undefined
  })
  await server.initialize()
  const addressSpace = server.engine.addressSpace!
  const timers: NodeJS.Timeout[] = []
  const addAll = (ns: Namespace, folder: UAObject, decoy: boolean): void => {
    for (const v of options.variables) {
      const node = ns.addVariable({ componentOf: folder, browseName: v.name, nodeId: `s=${v.name}`, dataType: v.dataType, ...(v.serverTime ? { accessLevel: 'CurrentRead | CurrentWrite' } : {}) })
      const update = (): void => {
        const arrayType = v.arrayType ?? VariantArrayType.Scalar
        const value = decoy ? 999 : v.value()
        const dataType = decoy ? DataType.Double : DataType[v.dataType]
        const time = decoy ? new Date() : v.sourceTime ? v.sourceTime() : new Date()
        if (!decoy && v.serverTime) {
          const stamped = new DataValue({ value: new Variant({ dataType, arrayType, value }), statusCode: v.status?.() ?? StatusCodes.Good, sourceTimestamp: time, serverTimestamp: v.serverTime() })
          return void node.writeValue(SessionContext.defaultContext, stamped)
        }
        node.setValueFromSource(new Variant({ dataType, arrayType: decoy ? VariantArrayType.Scalar : arrayType, value }), decoy ? StatusCodes.Good : (v.status?.() ?? StatusCodes.Good), time ?? undefined)
      }
      update()
      timers.push(setInterval(update, options.updateMs ?? 200))
    }
  }
  for (let i = 0; i < (options.namespacesBefore ?? 0); i++) {
    const filler = addressSpace.registerNamespace(`urn:field-case:filler:${i}`)
    if (options.decoys) addAll(filler, filler.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: `Filler${i}` }), true)
  }
  const ns = addressSpace.registerNamespace(uri)
  addAll(ns, ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'Quirk' }), false)
  const tripped = options.tripAlarm ? addTripAlarm(addressSpace, ns) : undefined
  await server.start()
  return {
    endpoint: `opc.tcp://127.0.0.1:${options.port}/quirk`,
    uri,
    server,
    certificateManager,
    setTripped(on) {
      if (!tripped) throw new Error('started without tripAlarm')
      tripped.setValueFromSource(new Variant({ dataType: DataType.Boolean, value: on }))
    },
    dropSubscriptions() {
      for (const session of server.engine.getSessions()) {
        for (const subscription of [...session.publishEngine.subscriptions]) session.deleteSubscription(subscription.id)
      }
    },
    async stop() {
      timers.forEach(clearInterval)
      await server.shutdown(0)
      await certificateManager.dispose()
    }
  }
}

/** An OffNormalAlarm on a notifier of the Server object, as the demo plant's TripAlarm; returns its input variable. */
function addTripAlarm(addressSpace: AddressSpace, ns: Namespace): UAVariable {
  addressSpace.installAlarmsAndConditionsService()
  const machine = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'QuirkMachine', eventNotifier: 1, eventSourceOf: addressSpace.rootFolder.objects.server })
  const value = (on: boolean) => ({ dataType: DataType.Boolean, value: on })
  const normal = ns.addVariable({ componentOf: machine, browseName: 'NotTripped', dataType: 'Boolean', value: value(false) })
  const input = ns.addVariable({ componentOf: machine, browseName: 'Tripped', dataType: 'Boolean', value: value(false) })
  ns.instantiateOffNormalAlarm({ browseName: 'TripAlarm', componentOf: machine, conditionSource: machine, conditionName: 'TripAlarm', inputNode: input, normalState: normal })
  return input
}
