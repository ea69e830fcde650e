/**
 * Parse a duration such as `8h`, `1m`, `90s`, `1h30m`, `250ms` or a plain number of seconds.
 * Returns seconds, or null when the text is not a duration.
 */
export function parseDurationS(text: string | number): number | null {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text : null
  const s = text.trim()
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s)
  const re = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/gy
  let total = 0
  let matched = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(s)) !== null) {
    const n = Number(m[1])
    const unit = m[2]
    total += n * (unit === 'ms' ? 0.001 : unit === 'd' ? 86_400 : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1)
    matched = re.lastIndex
  }
  return matched === s.length && matched > 0 ? total : null
}
