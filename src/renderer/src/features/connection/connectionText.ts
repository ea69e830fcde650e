import type { ConnectionState } from '../../../../shared/domain'
import type { LinkState } from '../../lib/transport'

/** A status line for the operator; `abnormal` links get the bar's inverse style. */
export interface StatusText {
  text: string
  abnormal: boolean
  /** True while a countdown is shown, so the caller re-renders every second. */
  counting: boolean
}

const seconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000))

/** The plant link as core reports it; `retryInMs` is read as counted from `since`. */
export function describePlantLink(state: ConnectionState | null, now: number): StatusText {
  if (!state) return { text: 'Waiting for the host…', abnormal: false, counting: false }
  switch (state.status) {
    case 'connected':
      return { text: 'Connected', abnormal: false, counting: false }
    case 'connecting':
      return { text: 'Connecting…', abnormal: false, counting: false }
    case 'reconnecting': {
      const attempt = state.attempt === undefined ? '' : ` attempt ${state.attempt}`
      const retry = state.retryInMs === undefined ? '' : `, retry in ${seconds(state.since + state.retryInMs - now)} s`
      const reason = state.reason ? ` (${state.reason})` : ''
      return { text: `Reconnecting${attempt}${retry}${reason}`, abnormal: true, counting: state.retryInMs !== undefined }
    }
    case 'failed':
      return { text: `Failed: ${state.reason ?? 'no reason given'}`, abnormal: true, counting: false }
    case 'stopped':
      return { text: 'Stopped', abnormal: true, counting: false }
  }
}

/** The page's own link to its host (WebSocket); IPC is always open. */
export function describeHostLink(link: LinkState, now: number): StatusText {
  switch (link.status) {
    case 'open':
      return { text: 'Connected', abnormal: false, counting: false }
    case 'connecting':
      return { text: link.attempt === 0 ? 'Connecting…' : `Reconnecting attempt ${link.attempt}…`, abnormal: link.attempt > 0, counting: false }
    case 'reconnecting':
      return {
        text: `Reconnecting attempt ${link.attempt}, retry in ${seconds(link.retryAt - now)} s (${link.reason})`,
        abnormal: true,
        counting: true
      }
    case 'closed':
      return { text: `Closed: ${link.reason}`, abnormal: true, counting: false }
  }
}
