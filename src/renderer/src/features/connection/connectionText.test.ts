import { describe, expect, it } from 'vitest'
import { describeHostLink, describePlantLink } from './connectionText'

const endpoint = 'opc.tcp://127.0.0.1:4840'

describe('describePlantLink', () => {
  it('says connected calmly', () => {
    expect(describePlantLink({ status: 'connected', endpoint, since: 0 }, 0)).toEqual({ text: 'Connected', abnormal: false, counting: false })
  })

  it('counts down to the next attempt from the status change', () => {
    const state = { status: 'reconnecting' as const, endpoint, since: 10_000, attempt: 3, retryInMs: 4_000, reason: 'ECONNREFUSED' }
    expect(describePlantLink(state, 11_200).text).toBe('Reconnecting attempt 3, retry in 3 s (ECONNREFUSED)')
    expect(describePlantLink(state, 20_000).text).toBe('Reconnecting attempt 3, retry in 0 s (ECONNREFUSED)')
    expect(describePlantLink(state, 0).abnormal).toBe(true)
  })

  it('gives the reason of a failure', () => {
    expect(describePlantLink({ status: 'failed', endpoint, since: 0, reason: 'certificate rejected' }, 0).text).toBe(
      'Failed: certificate rejected'
    )
  })

  it('waits for the host before the first answer', () => {
    expect(describePlantLink(null, 0).text).toBe('Waiting for the host…')
  })
})

describe('describeHostLink', () => {
  it('describes each link state', () => {
    expect(describeHostLink({ status: 'open' }, 0).text).toBe('Connected')
    expect(describeHostLink({ status: 'connecting', attempt: 0 }, 0).text).toBe('Connecting…')
    expect(describeHostLink({ status: 'reconnecting', attempt: 2, retryAt: 3_000, reason: 'host unreachable' }, 1_000)).toEqual({
      text: 'Reconnecting attempt 2, retry in 2 s (host unreachable)',
      abnormal: true,
      counting: true
    })
  })
})
