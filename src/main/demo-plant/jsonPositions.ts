/**
 * Map JSON paths (`events.2.fault`) to line:column in the source text, so errors in a
 * hand-written scenario file can point at the exact spot. Only used after JSON.parse
 * succeeded, so the scanner may assume well-formed input.
 */
export function jsonPositions(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>()
  let i = 0
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  const str = (): string => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const value = (path: string): void => {
    ws()
    out.set(path, lineCol(text, i))
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        const key = str()
        ws()
        i++ // ':'
        value(path === '' ? key : `${path}.${key}`)
        ws()
        if (text[i++] === '}') return
      }
    } else if (c === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (let n = 0; ; n++) {
        value(path === '' ? String(n) : `${path}.${n}`)
        ws()
        if (text[i++] === ']') return
      }
    } else if (c === '"') str()
    else while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++
  }
  value('')
  return out
}

/** 1-based line and column of a character offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let last = -1
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++
      last = k
    }
  }
  return { line, column: offset - last }
}
