import { StatusCodes } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { OPC_STATUS, STATUS_NO_COMMUNICATION, STATUS_STALE, isGoodStatus } from '../src/shared/domain'
import { VALUE_STATUS_CODES, isLastUsableValue, statusCodeName } from '../src/shared/statusCodes'

// shared/ cannot import node-opcua (the renderer bundles it), so its StatusCode table is
// checked here, by name, against node-opcua's generated list of the spec's codes.
describe('the StatusCodes Plantwatch stamps itself', () => {
  it.each(Object.entries(OPC_STATUS))('%s is the spec code of that name', (name, value) => {
    expect(value).toBe((StatusCodes as unknown as Record<string, { value: number }>)[name]!.value)
  })

  it('marks a stale last value Uncertain (last usable value) and a missing one Bad, never Good', () => {
    expect(STATUS_STALE).toBe(StatusCodes.UncertainLastUsableValue.value)
    expect(STATUS_NO_COMMUNICATION).toBe(StatusCodes.BadNoCommunication.value)
    expect(isGoodStatus(STATUS_STALE)).toBe(false)
    expect(isGoodStatus(STATUS_NO_COMMUNICATION)).toBe(false)
  })
})

describe('the StatusCodes a server puts on values, named for the operator', () => {
  it.each(Object.entries(VALUE_STATUS_CODES))('%s is the spec code of that name', (name, value) => {
    expect(value).toBe((StatusCodes as unknown as Record<string, { value: number }>)[name]!.value)
  })

  it('names a code with its info bits set by its meaning, and an unlisted one in hex', () => {
    expect(statusCodeName(StatusCodes.BadSensorFailure.value)).toBe('BadSensorFailure')
    // GoodClamped with the "limit: high" info bits (Part 4 §7.39, 0x0200 | 0x0100).
    expect(statusCodeName(StatusCodes.GoodClamped.value | 0x0300)).toBe('GoodClamped')
    expect(statusCodeName(0x80ab0000)).toBe('0x80AB0000')
  })

  it('tells a last usable value (not updated) from a current value the source doubts', () => {
    expect(isLastUsableValue(StatusCodes.UncertainLastUsableValue.value)).toBe(true)
    expect(isLastUsableValue(StatusCodes.UncertainNoCommunicationLastUsableValue.value)).toBe(true)
    expect(isLastUsableValue(StatusCodes.UncertainSensorNotAccurate.value)).toBe(false)
    expect(isLastUsableValue(StatusCodes.UncertainSubstituteValue.value)).toBe(false)
  })
})
