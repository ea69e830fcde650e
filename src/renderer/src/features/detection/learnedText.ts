import type { LearnedSummary } from '../../../../shared/anomaly'

/** Hours learned: whole hours from 10 h, one decimal below. */
export const learnedHours = (h: number): string => (h >= 10 ? h.toFixed(0) : h.toFixed(1))

/**
 * A machine's load regimes as an engineer reads them: each regime's load (three significant
 * digits, never in exponent form), the hours learned at it, and whether it is still being learned.
 */
export function regimesText(regimes: LearnedSummary['regimes']): string {
  if (regimes.length === 0) return 'none yet'
  return regimes.map((r) => `${Number(r.load.toPrecision(3))}: ${learnedHours(r.hours)} h${r.familiar ? '' : ' (learning)'}`).join(' · ')
}
