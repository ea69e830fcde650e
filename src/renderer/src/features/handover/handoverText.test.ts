import { describe, expect, it } from 'vitest'
import type { HandoverVersion } from '../../../../shared/handover'
import { reportState, shiftText } from './handoverText'

const version: HandoverVersion = { id: 1, shiftStart: 0, version: 1, contentHash: 'h', signedBy: 'sue', signedAt: 1, supersedes: null, reason: null, acknowledgedBy: null, acknowledgedAt: null, ackComment: null }

describe('handover wording', () => {
  it('names the shift in the header, with the DST label only when the shift is not its usual length', () => {
    const base = { name: 'Night', startLocal: '2026-10-24 22:00 +02:00', endLocal: '2026-10-25 06:00 +01:00', crew: 'C', nominalHours: 8 }
    expect(shiftText({ ...base, hours: 8, label: '8 h' })).toBe('Night shift 22:00–06:00 · crew C')
    expect(shiftText({ ...base, hours: 9, label: '9 h (clocks back 1 h: DST)' })).toBe('Night shift 22:00–06:00 · crew C · 9 h (clocks back 1 h: DST)')
    expect(shiftText({ ...base, crew: null, hours: 8, label: '8 h' })).toBe('Night shift 22:00–06:00')
  })

  it('says where the report stands: draft, signed, acknowledged', () => {
    const report = (versions: HandoverVersion[]) => ({ versions }) as never
    expect(reportState(report([]))).toBe('Draft (not signed)')
    expect(reportState(report([version]))).toBe('Signed: v1, signed by sue; waiting for the incoming supervisor')
    expect(reportState(report([version, { ...version, version: 2, signedBy: 'sam', acknowledgedBy: 'tom' }]))).toBe('Acknowledged by tom (v2, signed by sam)')
  })
})
