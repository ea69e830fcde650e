import { DataType, type DataValue } from 'node-opcua'

/** Booleans become 1/0; anything that is not a finite number becomes NaN (reported, never alarmed on). */
export function numericValue(dataValue: DataValue): number {
  const variant = dataValue.value
  if (variant.dataType === DataType.Boolean) return variant.value ? 1 : 0
  return typeof variant.value === 'number' ? variant.value : Number.NaN
}
