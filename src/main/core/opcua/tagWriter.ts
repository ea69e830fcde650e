import { AttributeIds, coerceInt64, coerceUInt64, DataType, DataValue, NodeId, StatusCodes, Variant, VariantArrayType, type ClientSession } from 'node-opcua'
import { writeRefusal, type WritableTag } from '../../../shared/tagWrite'
import { numericValue } from './numericValue'
import { resolveNodeIds } from './resolveNodeIds'

/** Why a write did not happen: `refused` by Plantwatch's checks (nothing sent), or `rejected` by the server. */
export class WriteFailure extends Error {
  constructor(
    readonly kind: 'refused' | 'rejected',
    message: string,
    /** The server's StatusCode name, for a rejection. */
    readonly statusCode?: string,
    /** The value read before the write, once it was read (null: none usable). */
    readonly oldValue?: number | null
  ) {
    super(message)
  }
}

export interface WriteOutcome {
  /** The value read from the server right before the write; null when it had none usable. */
  oldValue: number | null
  newValue: number
  /** The server's answer: `Good` (or another Good code). */
  statusCode: string
}

/** Integer ranges of the OPC UA built-in types (Part 6 §5.1.2). */
const INTEGER_RANGE: Partial<Record<DataType, [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32_768, 32_767],
  [DataType.UInt16]: [0, 65_535],
  [DataType.Int32]: [-2_147_483_648, 2_147_483_647],
  [DataType.UInt32]: [0, 4_294_967_295],
  [DataType.Int64]: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  [DataType.UInt64]: [0, Number.MAX_SAFE_INTEGER]
}
/** NodeId of the Enumeration DataType (Part 6): enumerations are written as Int32. */
const ENUMERATION_NS0 = 29

/**
 * Writes one operator value to a tag's node with `session.write`, the tag map's checks first:
 * `writable`, the EU range and `writeLimits` (see {@link writeRefusal}), then the node's
 * current value is read (for the audit's old value and the step limit) and the number is
 * encoded in the node's own data type (an integer type takes integers within its range, a
 * Boolean 0 or 1). Throws a {@link WriteFailure}: `refused` when nothing was sent, `rejected`
 * with the server's StatusCode name when the server said no.
 */
export async function writeTagValue(session: ClientSession, tag: WritableTag & { nodeId: string }, value: number): Promise<WriteOutcome> {
  const early = writeRefusal(tag, value)
  if (early) throw new WriteFailure('refused', early)
  const resolved = (await resolveNodeIds(session, [tag.nodeId])).nodeIds[0]!
  if ('error' in resolved) throw new WriteFailure('refused', `${tag.name}: ${resolved.error.code}: ${resolved.error.message}; nothing was written`)
  const nodeId = resolved.nodeId
  const [current, typeAttr] = await session.read([
    { nodeId, attributeId: AttributeIds.Value },
    { nodeId, attributeId: AttributeIds.DataType }
  ])
  if (current!.statusCode.equals(StatusCodes.BadNodeIdUnknown)) {
    throw new WriteFailure('refused', `${tag.name}: the server does not know node ${tag.nodeId} (BadNodeIdUnknown); nothing was written`)
  }
  const old = current!.statusCode.isGood() ? numericValue(current!) : undefined
  const oldValue = old && Number.isFinite(old.value) ? old.value : null
  const stepRefusal = writeRefusal(tag, value, oldValue)
  if (stepRefusal) throw new WriteFailure('refused', stepRefusal, undefined, oldValue)
  const dataType = nodeDataType(current!, typeAttr!)
  if (dataType === undefined) throw new WriteFailure('refused', `${tag.name}: the data type of node ${tag.nodeId} is not a number Plantwatch can write; nothing was written`)
  const variant = encode(tag.name, dataType, value)
  const status = await session.write({ nodeId, attributeId: AttributeIds.Value, value: new DataValue({ value: variant }) })
  if (!status.isGood()) {
    throw new WriteFailure('rejected', `${tag.name}: the server rejected the write: ${status.name} (${status.description}); the value stays as it was`, status.name, oldValue)
  }
  return { oldValue, newValue: value, statusCode: status.name }
}

/** The node's data type: the current value's own, or its DataType attribute when it has no value yet. */
function nodeDataType(current: DataValue, typeAttr: DataValue): DataType | undefined {
  const own = current.value.dataType
  if (current.value.arrayType === VariantArrayType.Scalar && own !== DataType.Null) return writableType(own)
  const declared = typeAttr.value.value
  if (!(declared instanceof NodeId) || declared.namespace !== 0 || typeof declared.value !== 'number') return undefined
  if (declared.value === ENUMERATION_NS0) return DataType.Int32
  return writableType(declared.value as DataType)
}

const writableType = (type: DataType): DataType | undefined =>
  type === DataType.Boolean || type === DataType.Float || type === DataType.Double || INTEGER_RANGE[type] ? type : undefined

function encode(name: string, type: DataType, value: number): Variant {
  if (type === DataType.Boolean) {
    if (value !== 0 && value !== 1) throw new WriteFailure('refused', `${name}: the node is Boolean; write 0 or 1, not ${value}`)
    return new Variant({ dataType: type, value: value === 1 })
  }
  const range = INTEGER_RANGE[type]
  if (range) {
    if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
      throw new WriteFailure('refused', `${name}: the node is ${DataType[type]}; write a whole number from ${range[0]} to ${range[1]}, not ${value}; nothing was written`)
    }
    if (type === DataType.Int64) return new Variant({ dataType: type, value: coerceInt64(value) })
    if (type === DataType.UInt64) return new Variant({ dataType: type, value: coerceUInt64(value) })
  }
  return new Variant({ dataType: type, value })
}
