import { describe, expect, it } from 'vitest'
import { healthNote } from './healthText'

const base = { index: 4, tag: 'Q.Missing', nodeId: 'nsu=urn:x;s=Q.DoesNotExist', since: 0 }

describe('tag health on the indicator', () => {
  it('says nothing for good and pending tags', () => {
    expect(healthNote({ ...base, state: 'good' })).toBeUndefined()
    expect(healthNote({ ...base, state: 'pending' })).toBeUndefined()
    expect(healthNote(undefined)).toBeUndefined()
  })

  it('names the StatusCode of a configuration error, with the tag, NodeId and reason in the detail', () => {
    const note = healthNote({ ...base, state: 'error', code: 'BadNodeIdUnknown', message: 'the server refuses to monitor this node' })
    expect(note).toEqual({
      level: 'error',
      label: 'BadNodeIdUnknown',
      detail: 'Q.Missing (nsu=urn:x;s=Q.DoesNotExist): BadNodeIdUnknown, the server refuses to monitor this node'
    })
  })

  it('words Plantwatch reasons for a person', () => {
    expect(healthNote({ ...base, state: 'error', code: 'UnknownNamespaceUri', message: 'm' })?.label).toBe('namespace not on server')
    expect(healthNote({ ...base, state: 'warning', code: 'PrecisionLost', message: 'm' })).toMatchObject({ level: 'warning', label: 'rounded' })
  })
})
