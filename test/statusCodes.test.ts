import { StatusCodes } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { OPC_STATUS, STATUS_NO_COMMUNICATION, STATUS_STALE, isGoodStatus } from '../src/shared/domain'
import { VALUE_STATUS_CODES, isLastUsableValue, statusCodeName } from '../src/shared/statusCodes'

// shared/ cannot import node-opcua (the renderer bundles it), so its StatusCode tables are
// checked here, by name, against node-opcua's generated list of the spec's codes.
const spec = StatusCodes as unknown as Record<string, { value: number } | undefined>

describe('the StatusCodes Plantwatch stamps itself', () => {
  it.each(Object.entries(OPC_STATUS))('%s is the spec code of that name', (name, value) => {
    expect(value).toBe(spec[name]!.value)
  })

  it('marks a stale last value Uncertain (last usable value) and a missing one Bad, never Good', () => {
    expect(STATUS_STALE).toBe(StatusCodes.UncertainLastUsableValue.value)
    expect(STATUS_NO_COMMUNICATION).toBe(StatusCodes.BadNoCommunication.value)
    expect(isGoodStatus(STATUS_STALE)).toBe(false)
    expect(isGoodStatus(STATUS_NO_COMMUNICATION)).toBe(false)
  })
})

describe('the StatusCode names the HMI shows', () => {
  it.each(Object.entries(VALUE_STATUS_CODES))('%s is the spec code of that name', (name, value) => {
    expect(value).toBe(spec[name]?.value)
  })

  it('names a known code, its DataValue limit bits, and keeps severity and hex for an unknown one', () => {
    expect(statusCodeName(StatusCodes.BadCommunicationError.value)).toBe('BadCommunicationError')
    expect(statusCodeName(StatusCodes.Good.value)).toBe('Good')
    // InfoType DataValue (0x400) with the high-limit bits (0x200).
    expect(statusCodeName(0x00000600)).toBe('Good, high limited')
    expect(statusCodeName(0x40940580)).toBe('UncertainEngineeringUnitsExceeded, low limited, overflow')
    expect(statusCodeName(0x80ef0000)).toBe('Bad (0x80EF0000)')
    expect(statusCodeName(0x40ef0000)).toBe('Uncertain (0x40EF0000)')
  })

  it('tells a last usable value (not updated) from a current value the source doubts', () => {
    expect(isLastUsableValue(StatusCodes.UncertainLastUsableValue.value)).toBe(true)
    expect(isLastUsableValue(StatusCodes.UncertainNoCommunicationLastUsableValue.value)).toBe(true)
    expect(isLastUsableValue(StatusCodes.UncertainSensorNotAccurate.value)).toBe(false)
    expect(isLastUsableValue(StatusCodes.UncertainSubstituteValue.value)).toBe(false)
  })
})
