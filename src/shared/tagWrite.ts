import type { Tag } from './tagMap'

/** What a write check needs of a tag. */
export type WritableTag = Pick<Tag, 'name' | 'unit' | 'euRange' | 'writable' | 'writeLimits' | 'signal'>

const withUnit = (value: number, unit: string): string => (unit ? `${value} ${unit}` : String(value))

/**
 * Why an operator may not write `value` to `tag`, or undefined when the tag map allows it.
 * Checked in the HMI's confirmation and again in the core before anything reaches the server:
 * the tag must be `writable`, the value finite, inside the EU range and inside `writeLimits`.
 * A `maxStep` needs the current value (`oldValue`); without one the write is refused, since
 * the step cannot be checked. State tags take 0 or 1 only.
 */
export function writeRefusal(tag: WritableTag, value: number, oldValue?: number | null): string | undefined {
  if (tag.writable !== true) return `${tag.name} is not writable: the tag map must set "writable": true on it`
  if (!Number.isFinite(value)) return `${tag.name}: the new value must be a finite number`
  if (tag.signal === 'state' && value !== 0 && value !== 1) return `${tag.name} is a state: write 0 (off) or 1 (on), not ${value}`
  const { low, high } = tag.euRange
  if (value < low || value > high) {
    return `${tag.name}: ${withUnit(value, tag.unit)} is outside the EU range ${low} to ${withUnit(high, tag.unit)}; nothing was written`
  }
  const limits = tag.writeLimits
  if (limits?.low !== undefined && value < limits.low) {
    return `${tag.name}: ${withUnit(value, tag.unit)} is below the write limit ${withUnit(limits.low, tag.unit)}; nothing was written`
  }
  if (limits?.high !== undefined && value > limits.high) {
    return `${tag.name}: ${withUnit(value, tag.unit)} is above the write limit ${withUnit(limits.high, tag.unit)}; nothing was written`
  }
  if (limits?.maxStep !== undefined && oldValue !== undefined) {
    if (oldValue === null || !Number.isFinite(oldValue)) {
      return `${tag.name}: the current value is unknown, so the step limit of ${withUnit(limits.maxStep, tag.unit)} cannot be checked; nothing was written`
    }
    const step = Math.abs(value - oldValue)
    if (step > limits.maxStep) {
      return `${tag.name}: a change of ${withUnit(+step.toPrecision(12), tag.unit)} (from ${oldValue}) exceeds the step limit of ${withUnit(limits.maxStep, tag.unit)}; nothing was written`
    }
  }
  return undefined
}
