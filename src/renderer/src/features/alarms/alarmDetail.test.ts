import { describe, expect, it } from 'vitest'
import type { Alarm } from '../../../../shared/domain'
import {
  actionSuffix,
  anomalyDetail,
  contributionsText,
  countdownText,
  expectedActualText,
  formatNumber,
  limitText,
  messageText,
  predictionBasisText,
  secondsToLimit
} from './alarmDetail'

const T0 = Date.UTC(2026, 10, 25, 2, 0, 0)

const base: Alarm = {
  id: 'CV-101.Vibration:HH',
  tag: 'CV-101.Vibration',
  equipment: 'CV-101',
  kind: 'limit',
  limit: 'HH',
  priority: 1,
  state: 'unacknowledged',
  active: true,
  message: 'Vibration above HH limit',
  value: 11.43219,
  threshold: 11,
  unit: 'mm/s',
  raisedAt: T0
}

const predictive: Alarm = {
  ...base,
  id: 'trend:CV-101.Vibration',
  kind: 'predictive',
  priority: 2,
  value: 7.2,
  eta: { seconds: 2 * 3600 + 41 * 60, uncertaintySeconds: 20 * 60, at: T0 },
  detector: 'trend'
}

const noUnit = (): undefined => undefined

describe('limit alarms', () => {
  it('read as before: value / limit threshold', () => {
    expect(limitText(base)).toBe('11.43 mm/s / HH 11 mm/s')
  })

  it('survive missing numbers', () => {
    expect(limitText({ ...base, value: null, threshold: null, limit: null })).toBe('— / limit —')
    expect(formatNumber(Number.NaN)).toBe('—')
    expect(formatNumber(undefined)).toBe('—')
  })
})

describe('predictive countdown', () => {
  it('counts down from the estimate time', () => {
    expect(countdownText(predictive, T0)).toBe('HH in 2 h 41 min ± 20 min')
    expect(countdownText(predictive, T0 + 41 * 60_000)).toBe('HH in 2 h ± 20 min')
    expect(countdownText(predictive, T0 + (2 * 3600 + 40 * 60 + 15) * 1000)).toBe('HH in 45 s ± 20 min')
    expect(secondsToLimit(predictive.eta!, T0 + 60_000)).toBe(2 * 3600 + 40 * 60)
  })

  it('says "due now" once the predicted time has passed, and never a negative time', () => {
    expect(countdownText(predictive, T0 + 3 * 3600_000)).toBe('HH due now ± 20 min')
  })

  it('leaves out a zero uncertainty and is null without an ETA', () => {
    expect(countdownText({ ...predictive, eta: { seconds: 600, uncertaintySeconds: 0.2, at: T0 } }, T0)).toBe('HH in 10 min')
    expect(countdownText({ ...predictive, eta: undefined }, T0)).toBeNull()
  })

  it('does not read as a tripped limit', () => {
    expect(predictionBasisText(predictive)).toBe('limit 11 mm/s, raised at 7.2 mm/s')
    expect(predictionBasisText({ ...predictive, value: null })).toBe('limit 11 mm/s')
    expect(predictionBasisText(predictive)).not.toContain('HH 11')
  })
})

describe('anomaly detail', () => {
  it('names the detector and gives expected against actual', () => {
    const alarm: Alarm = { ...base, kind: 'anomaly', limit: null, detector: 'baseline', value: 5.8, threshold: 3.1 }
    expect(anomalyDetail(alarm, noUnit)).toEqual({ source: 'Baseline', numbers: 'expected 3.1, actual 5.8 mm/s' })
    expect(expectedActualText(null, null, 'mm/s')).toBe('expected —, actual —')
  })

  it('lists the top contributors of a multivariate anomaly with their shares and units', () => {
    const alarm: Alarm = {
      ...base,
      kind: 'anomaly',
      limit: null,
      detector: 'multivariate',
      unit: '',
      value: 5.8,
      threshold: 3.1,
      contributions: [
        { tag: 'CV-101.MotorTemp', share: 0.25, expected: 61, actual: 70 },
        { tag: 'CV-101.Vibration', share: 0.62, expected: 3.1, actual: 5.8 },
        { tag: 'CV-101.BeltSpeed', share: 0.1, expected: 2, actual: 2.1 },
        { tag: 'CV-101.Power', share: 0.03, expected: 100, actual: 101 }
      ]
    }
    expect(anomalyDetail(alarm, (tag) => (tag === 'CV-101.Vibration' ? 'mm/s' : undefined))).toEqual({
      source: 'Multivariate: Vibration 62%, MotorTemp 25%, BeltSpeed 10%',
      numbers: 'Vibration expected 3.1, actual 5.8 mm/s'
    })
  })

  it('shows at most the requested number of contributors, drops tiny shares, keeps foreign tags whole', () => {
    const parts = [
      { tag: 'CV-101.Vibration', share: 0.62, expected: null, actual: null },
      { tag: 'PU-201.Flow', share: 0.36, expected: null, actual: null },
      { tag: 'CV-101.Power', share: 0.02, expected: null, actual: null }
    ]
    expect(contributionsText(parts, 'CV-101')).toBe('Vibration 62%, PU-201.Flow 36%')
    expect(contributionsText(parts, 'CV-101', 1)).toBe('Vibration 62%')
  })
})

describe('actionSuffix', () => {
  it('is left out when the engine already wrote the action into the message', () => {
    expect(actionSuffix({ ...base, action: 'inspect bearing' })).toBe('inspect bearing')
    expect(actionSuffix({ ...base, message: 'CV-101.Vibration: drifting. Suggested action: inspect bearing', action: 'inspect bearing' })).toBeNull()
    expect(actionSuffix(base)).toBeNull()
  })
})

describe('messageText', () => {
  it('drops the tag the row already shows, and nothing else', () => {
    expect(messageText({ ...base, message: 'CV-101.Vibration: drifting up from its normal level' })).toBe('drifting up from its normal level')
    expect(messageText({ ...base, message: 'CV-101: tags no longer move together' })).toBe('CV-101: tags no longer move together')
    expect(messageText(base)).toBe('Vibration above HH limit')
  })
})
