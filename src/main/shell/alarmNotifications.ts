import type { AlarmTransition } from '../../shared/alarms'

/** What a desktop notification says: the alarm and its tag, never a value out of context. */
export interface AlarmNotice {
  title: string
  body: string
}

/**
 * The desktop notifications a batch of transitions asks for (issue 11): priority 1 alarms
 * newly annunciated, only while the window is minimised (on screen, the banner and the
 * horn do the job). Electron-free, so it is tested here; the shell shows them with
 * `Notification`.
 */
export function priorityOneNotices(transitions: readonly AlarmTransition[], minimised: boolean): AlarmNotice[] {
  if (!minimised) return []
  return transitions
    .filter((t) => t.annunciated && t.priority === 1)
    .map((t) => ({ title: `Priority 1 alarm: ${t.equipment}`, body: `${t.tag}: ${t.message}` }))
}
