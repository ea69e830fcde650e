import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../../../../shared/domain'
import { alignPens } from './alignPens'
import { rawExportQuery, rawExportRefusal, rawTrendCsv, trendCsv } from './trendExport'

const tag = (name: string, unit: string): TagInfo => ({ name, unit, euRange: { low: 0, high: 100 }, limits: {} }) as unknown as TagInfo

describe('trendCsv', () => {
  it('writes one row per plotted time in range, a value and a quality column per pen, quoting names', () => {
    const aligned = alignPens([
      { time: [0, 1000, 2000], value: [1.5, null, 3], quality: ['good', 'bad', 'uncertain'] },
      { time: [1000], value: [7], quality: ['partial'] }
    ])
    const csv = trendCsv([tag('P-1, "main"', 'bar'), tag('T', '')], aligned, [0, 1000])
    expect(csv.split('\r\n').filter(Boolean)).toEqual([
      'time,"P-1, ""main"" (bar)","P-1, ""main"" quality",T,T quality',
      '1970-01-01T00:00:00.000Z,1.5,Good,,No data',
      '1970-01-01T00:00:01.000Z,,No data,7,Partly good'
    ])
  })

  it('writes raw samples merged on time, with the StatusCode of values that are not Good', () => {
    const pens = [tag('A', 'bar'), tag('B', '')]
    const csv = rawTrendCsv(
      pens,
      [
        { mode: 'raw', tag: 'A', t: Float64Array.of(1000, 2000, 9000), value: Float64Array.of(1.25, NaN, 4), status: Uint32Array.of(0, 0x80ac0000, 0), gaps: [] },
        { mode: 'raw', tag: 'B', t: Float64Array.of(1500, 2000), value: Float64Array.of(7, 8), status: Uint32Array.of(0x40000000, 0), gaps: [] }
      ],
      [1000, 5000]
    )
    expect(csv.split('\r\n').filter(Boolean)).toEqual([
      'time,A (bar),A quality,B,B quality',
      '1970-01-01T00:00:01.000Z,1.25,Good,,',
      '1970-01-01T00:00:01.500Z,,,7,Uncertain (0x40000000)',
      '1970-01-01T00:00:02.000Z,,Bad (0x80AC0000),8,Good'
    ])
  })

  it('refuses a raw export over the raw range limit with what to do, and asks within it', () => {
    const day = 86_400_000
    expect(rawExportRefusal([0, day])).toBeNull()
    expect(rawExportRefusal([0, 7 * day])).toBe('Raw export covers at most 24 h; 7 d is shown. Zoom in, or export at the visible resolution.')
    const query = rawExportQuery([tag('A', '')], [0.5, day + 0.5])
    expect(query.to - query.from).toBeLessThanOrEqual(day)
    expect(query).toMatchObject({ tags: ['A'], mode: 'raw', to: day + 1 })
  })
})
