import { DataType, Int64ToBigInt, UInt64ToBigInt, VariantArrayType, type DataValue, type Int64, type UInt64 } from 'node-opcua'

/**
 * What a value's type means for the tag: nothing (`undefined`), a caveat the value is
 * still shown with (`warning`), or a configuration error: the type cannot be shown as a
 * number at all (`error`).
 */
export interface ValueIssue {
  level: 'warning' | 'error'
  code: 'PrecisionLost' | 'TextConverted' | 'NonFiniteValue' | 'UnsupportedDataType'
  message: string
}

export interface NumericReading {
  /** The value as a number; NaN when it has none (no value, unsupported type). */
  value: number
  issue?: ValueIssue
}

const NUMBER_TYPES = new Set([
  DataType.SByte,
  DataType.Byte,
  DataType.Int16,
  DataType.UInt16,
  DataType.Int32,
  DataType.UInt32,
  DataType.Float,
  DataType.Double
])

/** A string that is a number as a person writes it: `41.5`, `-3`, `1e3`; not `''`, `0x1F` or `12 °C`. */
const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/

/**
 * An OPC UA value as a number for trends and alarms. Int64/UInt64 (node-opcua hands them
 * over as `[high, low]` 32-bit words) become a Number, exact up to 2^53 and flagged
 * `PrecisionLost` beyond; Booleans become 1/0; enumerations arrive as Int32. A String that
 * holds a number is converted and flagged; anything else (text, ByteString, arrays,
 * structures) yields NaN with an `UnsupportedDataType` error naming the type, so the
 * engineer learns why, instead of a silent "no data". NaN and ±Infinity from the server
 * are passed on (never judged against limits) and flagged `NonFiniteValue`.
 */
export function numericValue(dataValue: DataValue): NumericReading {
  const variant = dataValue.value
  const type = variant.dataType
  if (type === DataType.Null || variant.value === null || variant.value === undefined) return { value: Number.NaN }
  if (variant.arrayType !== VariantArrayType.Scalar) {
    return unsupported(`an array of ${DataType[type]} is not a single value; point the tag at one element or a scalar node`)
  }
  if (type === DataType.Boolean) return { value: variant.value ? 1 : 0 }
  if (NUMBER_TYPES.has(type)) return finite(variant.value as number)
  if (type === DataType.Int64 || type === DataType.UInt64) {
    const big = type === DataType.Int64 ? Int64ToBigInt(variant.value as Int64) : UInt64ToBigInt(variant.value as UInt64)
    const value = Number(big)
    if (BigInt(value) === big) return { value }
    return {
      value,
      issue: { level: 'warning', code: 'PrecisionLost', message: `${DataType[type]} value ${big} is beyond 2^53 and shown rounded to ${value}` }
    }
  }
  if (type === DataType.String && typeof variant.value === 'string') {
    if (!NUMERIC_TEXT.test(variant.value)) return unsupported(`data type String is not numeric (value "${variant.value.slice(0, 40)}")`)
    const value = Number(variant.value)
    return { value, issue: { level: 'warning', code: 'TextConverted', message: 'data type String holds a number; converted to a number' } }
  }
  return unsupported(`data type ${DataType[type] ?? type} is not numeric`)
}

function finite(value: number): NumericReading {
  if (Number.isFinite(value)) return { value }
  return { value, issue: { level: 'warning', code: 'NonFiniteValue', message: `the server sends ${value}, which is shown as no value and never judged against the limits` } }
}

const unsupported = (message: string): NumericReading => ({ value: Number.NaN, issue: { level: 'error', code: 'UnsupportedDataType', message } })
