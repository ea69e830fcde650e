import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import postcss from 'postcss'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', 'src', 'renderer')

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? cssFiles(join(dir, entry.name)) : entry.name.endsWith('.css') ? [join(dir, entry.name)] : []
  )
}

// A rule left open is no syntax error to a browser: everything after it becomes nested rules that
// never match (it once took the handover view's and the header's shift badge's styles).
describe('renderer stylesheets', () => {
  const files = cssFiles(ROOT)

  it('finds the stylesheets', () => {
    expect(files.map((f) => relative(ROOT, f))).toContain(join('src', 'app', 'theme.css'))
  })

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s closes every block and nests no rule in a rule', (_name, file) => {
    const root = postcss.parse(readFileSync(file, 'utf8'), { from: file })
    const nested: string[] = []
    root.walkRules((rule) => {
      if (rule.parent?.type === 'rule') nested.push(`${(rule.parent as postcss.Rule).selector} > ${rule.selector} (line ${rule.source?.start?.line})`)
    })
    expect(nested).toEqual([])
  })
})
