import {
  DataType,
  StatusCodes,
  Variant,
  makeEUInformation,
  type AddressSpace,
  type CallMethodResultOptions,
  type ISessionContext,
  type Namespace,
  type UAObject,
  type UAVariable
} from 'node-opcua'
import { AREAS, EQUIPMENT, NAMESPACE_URI, TAGS, tagNodeIdentifier } from './model'

/** Measurements come from the plant; a client writing one would only be overwritten by the next update. */
export const READ_ONLY = 'CurrentRead'

/** What the server needs back from building the model. */
export interface BuiltModel {
  namespace: Namespace
  site: UAObject
  equipmentObjects: Map<string, UAObject>
  /** Plant variables in TAGS order. */
  variables: UAVariable[]
}

/** Callbacks behind the InjectFault / ClearFault / ResetEquipment methods; they throw an Error naming what is wrong. */
export interface FaultMethods {
  inject(equipment: string, fault: string, params: Record<string, unknown>): void
  clear(equipment: string, fault: string): void
  reset(equipment: string): void
}

/**
 * Objects/DemoMine/<Area>/<Equipment>/<Variable>, all in NAMESPACE_URI with string NodeIds
 * (`s=CV-101.MotorTemp`) so that tag maps and tests can name nodes without browsing.
 */
export function buildModel(addressSpace: AddressSpace, methods: FaultMethods): BuiltModel {
  const namespace = addressSpace.registerNamespace(NAMESPACE_URI)
  const site = namespace.addObject({
    organizedBy: addressSpace.rootFolder.objects,
    browseName: 'DemoMine',
    displayName: 'DemoMine',
    nodeId: 's=DemoMine',
    description: 'Demo open-pit mine: conveyors, drills, crusher, dewatering and the main incomer',
    eventNotifier: 1,
    // Server → DemoMine → area → equipment: the notifier tree that carries alarm events to clients.
    notifierOf: addressSpace.rootFolder.objects.server
  })
  const areas = new Map<string, UAObject>()
  for (const area of AREAS) {
    areas.set(
      area,
      namespace.addObject({ componentOf: site, browseName: area, displayName: area, nodeId: `s=DemoMine.${area}`, eventNotifier: 1, notifierOf: site })
    )
  }
  const equipmentObjects = new Map<string, UAObject>()
  for (const eq of EQUIPMENT) {
    const area = areas.get(eq.area)!
    const obj = namespace.addObject({
      componentOf: area,
      browseName: eq.id,
      // Without it the display name carries the namespace prefix ("2:CV-101"), which alarm SourceName copies.
      displayName: eq.id,
      nodeId: `s=${eq.id}`,
      description: eq.description,
      eventNotifier: 1,
      eventSourceOf: area
    })
    equipmentObjects.set(eq.id, obj)
  }
  const variables = TAGS.map((tag): UAVariable => {
    const parent = equipmentObjects.get(tag.equipment.id)!
    const v = tag.variable
    const nodeId = `s=${tagNodeIdentifier(tag.equipment.id, v.name)}`
    if (v.boolean) {
      return namespace.addVariable({
        componentOf: parent,
        browseName: v.name,
        nodeId,
        description: v.description,
        dataType: 'Boolean',
        accessLevel: READ_ONLY,
        userAccessLevel: READ_ONLY,
        minimumSamplingInterval: 0,
        value: { dataType: DataType.Boolean, value: false }
      })
    }
    return namespace.addAnalogDataItem({
      componentOf: parent,
      browseName: v.name,
      nodeId,
      description: v.description,
      dataType: 'Double',
      accessLevel: READ_ONLY,
      userAccessLevel: READ_ONLY,
      // 0 = exception-based: every change the plant makes is delivered, no server-side sampling timer.
      minimumSamplingInterval: 0,
      engineeringUnitsRange: { low: v.euRange.low, high: v.euRange.high },
      engineeringUnits: makeEUInformation(v.uneceCode, v.unit, v.unitName),
      value: { dataType: DataType.Double, value: 0 }
    })
  })
  addFaultMethods(namespace, site, methods)
  return { namespace, site, equipmentObjects, variables }
}

const str = (name: string, description: string) => ({ name, description, dataType: DataType.String })

function addFaultMethods(namespace: Namespace, site: UAObject, methods: FaultMethods): void {
  const result = [str('Result', '"ok", or why the call was refused')]
  // node-opcua picks promise vs callback style by arity, so handlers declare the (unused) context.
  const run = (fn: () => void, badStatus = StatusCodes.BadInvalidArgument): CallMethodResultOptions => {
    try {
      fn()
      return { statusCode: StatusCodes.Good, outputArguments: [new Variant({ dataType: DataType.String, value: 'ok' })] }
    } catch (err) {
      // The status code alone cannot carry a name, so the reason also goes back as an output argument.
      const message = err instanceof Error ? err.message : String(err)
      return { statusCode: badStatus, outputArguments: [new Variant({ dataType: DataType.String, value: message })] }
    }
  }
  const text = (args: Variant[], i: number): string => {
    const v: unknown = args[i]?.value
    return typeof v === 'string' ? v : ''
  }
  namespace
    .addMethod(site, {
      browseName: 'InjectFault',
      nodeId: 's=DemoMine.InjectFault',
      description: 'Start a fault: InjectFault(equipment, fault, paramsJson), e.g. ("CV-101", "bearing-wear", "{\\"timeToFailureS\\":3}")',
      inputArguments: [str('Equipment', 'e.g. CV-101'), str('Fault', 'e.g. bearing-wear'), str('ParamsJson', 'JSON object, "" or "{}" for defaults')],
      outputArguments: result
    })
    .bindMethod(async (args: Variant[], _context: ISessionContext) =>
      run(() => {
        const json = text(args, 2).trim()
        let params: unknown = {}
        if (json !== '') {
          try {
            params = JSON.parse(json)
          } catch (err) {
            throw new Error(`ParamsJson is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
          }
        }
        if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('ParamsJson must be a JSON object')
        methods.inject(text(args, 0), text(args, 1), params as Record<string, unknown>)
      })
    )
  namespace
    .addMethod(site, {
      browseName: 'ClearFault',
      nodeId: 's=DemoMine.ClearFault',
      description: 'End a fault: ClearFault(equipment, fault)',
      inputArguments: [str('Equipment', 'e.g. CV-101'), str('Fault', 'e.g. bearing-wear')],
      outputArguments: result
    })
    .bindMethod(async (args: Variant[], _context: ISessionContext) => run(() => methods.clear(text(args, 0), text(args, 1))))
  namespace
    .addMethod(site, {
      browseName: 'ResetEquipment',
      nodeId: 's=DemoMine.ResetEquipment',
      description: 'Maintenance done: clear all faults and the trip of one equipment',
      inputArguments: [str('Equipment', 'e.g. CV-101')],
      outputArguments: result
    })
    .bindMethod(async (args: Variant[], _context: ISessionContext) => run(() => methods.reset(text(args, 0))))
}
