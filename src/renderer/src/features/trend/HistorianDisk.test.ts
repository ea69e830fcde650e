import { describe, expect, it } from 'vitest'
import { formatBytes } from './HistorianDisk'

describe('formatBytes', () => {
  it('uses binary units with a decimal below 10', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(20 * 2 ** 30)).toBe('20 GiB')
    expect(formatBytes(123 * 2 ** 20)).toBe('123 MiB')
  })
})
