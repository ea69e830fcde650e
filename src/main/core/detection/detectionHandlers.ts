import type { CommandHandlers } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { DetectionWorker } from './worker'

/** The engineer's view of what the anomaly engine learned, and its reset after a repair. */
export function createDetectionHandlers(deps: {
  detection(): DetectionWorker | undefined
  equipmentNames(): ReadonlySet<string>
  clock(): number
}): Pick<CommandHandlers, 'detection:learned' | 'detection:resetLearning'> {
  return {
    'detection:learned': async () => (await deps.detection()?.learned()) ?? [],
    'detection:resetLearning': async ({ equipment }) => {
      if (!deps.equipmentNames().has(equipment)) throw new ContractFailure('not-found', `detection:resetLearning: unknown equipment "${equipment}"`)
      const detection = deps.detection()
      if (!detection) throw new ContractFailure('unavailable', 'the anomaly engine is not running; nothing to reset')
      const resetAt = deps.clock()
      await detection.resetLearning(equipment, resetAt)
      return { equipment, resetAt }
    }
  }
}
