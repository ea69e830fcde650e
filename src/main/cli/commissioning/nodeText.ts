import { DataType, LocalizedText, NodeId, QualifiedName, VariantArrayType, type DataValue, type Variant } from 'node-opcua'

/**
 * A NodeId as a tag map should write it: `nsu=<namespace URI>;…` for namespaces above 0,
 * since the index may change when the server restarts.
 */
export function portableNodeId(nodeId: NodeId, namespaces: readonly string[]): string {
  const text = nodeId.toString()
  if (nodeId.namespace === 0) return text
  const uri = namespaces[nodeId.namespace]
  return uri ? text.replace(/^ns=\d+;/, `nsu=${uri};`) : text
}

/** A value for one line of output: scalars as they read, arrays and structures as JSON. */
export function variantText(variant: Variant): string {
  if (variant.dataType === DataType.Null) return '(null)'
  const one = (v: unknown): string => {
    if (v instanceof LocalizedText) return v.text ?? ''
    if (v instanceof QualifiedName || v instanceof NodeId) return v.toString()
    if (v instanceof Date) return v.toISOString()
    if (Buffer.isBuffer(v)) return `0x${v.toString('hex').slice(0, 64)}${v.length > 32 ? '…' : ''}`
    if (Array.isArray(v) && (variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) && v.length === 2 && typeof v[0] === 'number') {
      // node-opcua hands 64-bit integers over as [high, low] words.
      const big = (BigInt(v[0] >>> 0) << 32n) | BigInt((v[1] as number) >>> 0)
      return String(variant.dataType === DataType.Int64 ? BigInt.asIntN(64, big) : big)
    }
    if (typeof v === 'object' && v !== null) return JSON.stringify(v)
    return String(v)
  }
  if (variant.arrayType !== VariantArrayType.Scalar) return `[${Array.from(variant.value as ArrayLike<unknown>, one).join(', ')}]`
  return one(variant.value)
}

/** `value  DataType  StatusCode  sourceTimestamp`, tab-separated. */
export function dataValueText(dataValue: DataValue): string {
  const time = dataValue.sourceTimestamp ? dataValue.sourceTimestamp.toISOString() : '-'
  return [variantText(dataValue.value), DataType[dataValue.value.dataType] ?? String(dataValue.value.dataType), dataValue.statusCode.name, time].join('\t')
}
