import type { TagHealth } from '../../../../shared/domain'

/** What an indicator says about a tag's health: a short label, and the reason in full. */
export interface HealthNote {
  level: 'error' | 'warning'
  label: string
  detail: string
}

const LABELS: Record<string, string> = {
  UnknownNamespaceUri: 'namespace not on server',
  UnsupportedDataType: 'unsupported type',
  PrecisionLost: 'rounded',
  TextConverted: 'from text',
  NonFiniteValue: 'not a number',
  SourceTimestampMissing: 'no timestamp',
  SourceTimestampFrozen: 'timestamp frozen',
  SourceTimestampAhead: 'timestamp ahead',
  SourceTimestampBackwards: 'timestamp backwards'
}

/**
 * A configuration error (no values until fixed) or a caveat (values shown with it), worded
 * for the indicator; nothing for a good or pending tag. An OPC UA StatusCode name such as
 * `BadNodeIdUnknown` is shown as it is: that is what the server's documentation uses.
 */
export function healthNote(health: TagHealth | undefined): HealthNote | undefined {
  if (!health || (health.state !== 'error' && health.state !== 'warning')) return undefined
  const code = health.code ?? (health.state === 'error' ? 'configuration error' : 'warning')
  const label = LABELS[code] ?? code
  const detail = `${health.tag} (${health.nodeId}): ${health.code ? `${health.code}, ` : ''}${health.message ?? 'see the log'}`
  return { level: health.state, label, detail }
}
