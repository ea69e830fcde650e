import { describe, expect, it } from 'vitest'
import { regimesText } from './learnedText'

describe('regimesText', () => {
  it('writes loads without exponents and marks regimes still being learned', () => {
    expect(regimesText([{ load: 1213.4, hours: 2.04, familiar: false }, { load: 0.5372, hours: 48.2, familiar: true }])).toBe('1210: 2.0 h (learning) · 0.537: 48 h')
    expect(regimesText([])).toBe('none yet')
  })
})
