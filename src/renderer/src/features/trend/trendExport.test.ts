import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../../../../shared/domain'
import { alignPens } from './alignPens'
import { trendCsv } from './trendExport'

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
})
