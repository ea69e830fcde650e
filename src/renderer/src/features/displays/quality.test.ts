import { describe, expect, it } from 'vitest'
import { STATUS_GOOD, STATUS_NO_COMMUNICATION, STATUS_STALE, type TagHealth } from '../../../../shared/domain'
import { SampleRing } from '../../../../shared/sampleRing'
import { tagQuality, valueStamp } from './quality'

const ring = (...samples: [number, number, number][]): SampleRing => {
  const r = new SampleRing(16)
  for (const [t, v, s] of samples) r.push(t, v, s)
  return r
}
const health = (over: Partial<TagHealth>): TagHealth => ({ index: 0, tag: 'CV-101.Speed', nodeId: 'ns=2;s=x', state: 'good', since: 0, ...over })

describe('tagQuality', () => {
  it('is good for a current value, and never good for stale or bad ones', () => {
    expect(tagQuality(ring([1000, 3.5, STATUS_GOOD]), undefined)).toMatchObject({ kind: 'good', mark: '', value: 3.5 })
    const stale = tagQuality(ring([1000, 3.5, STATUS_GOOD], [2000, 3.5, STATUS_STALE]), undefined)
    expect(stale).toMatchObject({ kind: 'stale', mark: 'STALE', value: 3.5 })
    expect(stale.reason).toMatch(/^UncertainLastUsableValue since \d\d:\d\d:\d\d: not updated; last value from/)
    const bad = tagQuality(ring([1000, 3.5, STATUS_GOOD], [2000, Number.NaN, STATUS_NO_COMMUNICATION]), undefined)
    expect(bad).toMatchObject({ kind: 'bad', mark: 'BAD', value: 3.5 })
    expect(bad.reason).toMatch(/^BadNoCommunication since/)
    expect(tagQuality(ring([1000, 1, 0x80340000]), undefined).reason).toMatch(/^BadNodeIdUnknown since/)
    expect(tagQuality(ring([1000, 1, 0x80ef0000]), undefined).reason).toMatch(/^Bad \(0x80EF0000\) since/)
  })

  it('names the code a server sends, and tells a current value it doubts from a stale one', () => {
    // Field case unknown-node-silent: BadSensorFailure and UncertainSensorNotAccurate, updated every 0.5 s.
    const sensor = tagQuality(ring([1000, 151, 0x808c0000], [1500, 152, 0x808c0000]), undefined)
    expect(sensor).toMatchObject({ kind: 'bad', mark: 'BAD', value: 152 })
    expect(sensor.reason).toMatch(/^BadSensorFailure since/)
    const doubted = tagQuality(ring([1000, 151, 0x40930000], [1500, 152, 0x40930000]), undefined)
    expect(doubted).toMatchObject({ kind: 'uncertain', mark: 'UNCERT', value: 152 })
    expect(doubted.reason).toBe('UncertainSensorNotAccurate: the source marks this value uncertain')
    expect(doubted.reason).not.toMatch(/not updated/)
    // A server's own "last usable value" is stale, as Plantwatch's mark on a lost link.
    expect(tagQuality(ring([1000, 3, 0x408f0000]), undefined)).toMatchObject({ kind: 'stale', mark: 'STALE' })
  })

  it('says why a tag has no value: nothing yet, or a configuration error with the engineer\'s message', () => {
    expect(tagQuality(undefined, undefined)).toMatchObject({ kind: 'none', reason: 'no value received yet' })
    const error = tagQuality(undefined, health({ state: 'error', code: 'BadNodeIdUnknown', message: 'no such node on the server' }))
    expect(error).toMatchObject({ kind: 'bad', mark: 'BAD' })
    expect(error.reason).toContain('BadNodeIdUnknown, no such node on the server')
    const warned = tagQuality(ring([1000, 2, STATUS_GOOD]), health({ state: 'warning', code: 'PrecisionLost', message: 'Int64 rounded' }))
    expect(warned).toMatchObject({ kind: 'good' })
    expect(warned.reason).toContain('Int64 rounded')
  })

  it("stamps the newest sample with its StatusCode's name and whose clock its time is", () => {
    expect(valueStamp(undefined, undefined)).toBeUndefined()
    expect(valueStamp(ring([1000, 3.5, STATUS_GOOD], [2000, 3.6, 0x80050000]), undefined)).toEqual({ status: 'BadCommunicationError', time: 2000, clock: 'source' })
    const frozen = health({ state: 'warning', code: 'SourceTimestampFrozen', message: 'the server time is used' })
    expect(valueStamp(ring([1000, 3.5, STATUS_GOOD]), frozen)).toEqual({ status: 'Good', time: 1000, clock: 'server' })
    // A stale mark is Plantwatch's, stamped when the data stopped.
    expect(valueStamp(ring([1000, 3.5, STATUS_GOOD], [4000, 3.5, STATUS_STALE]), frozen)).toEqual({ status: 'UncertainLastUsableValue', time: 4000, clock: 'plantwatch' })
  })
})
