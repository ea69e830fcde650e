import { StatusCodes } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { OPC_STATUS, STATUS_NO_COMMUNICATION, STATUS_STALE, isGoodStatus } from '../src/shared/domain'

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
