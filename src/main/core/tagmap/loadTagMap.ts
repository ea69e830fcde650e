import { readFile } from 'node:fs/promises'
import { TagMapSchema, type TagMap } from '../../../shared/tagMap'

/** A tag map that failed to load; the message names the file, the tag and the field. */
export class TagMapError extends Error {
  override readonly name = 'TagMapError'
  constructor(
    readonly file: string,
    readonly problems: string[]
  ) {
    super(`${file}: invalid tag map\n  - ${problems.join('\n  - ')}`)
  }
}

/**
 * Validates parsed JSON as a tag map. Issue paths are worded with the tag's name
 * (`tag "CV-101.MotorTemp" (tags[0]) field limits.H`) so an engineer can find it.
 */
export function parseTagMap(json: unknown, file: string): TagMap {
  const parsed = TagMapSchema.safeParse(json)
  if (parsed.success) return parsed.data
  const tags = (json as { tags?: unknown })?.tags
  const problems = parsed.error.issues.map((issue) => {
    const [head, index, ...field] = issue.path
    if (head === 'tags' && typeof index === 'number') {
      const name = Array.isArray(tags) ? (tags[index] as { name?: unknown } | undefined)?.name : undefined
      const who = typeof name === 'string' ? `tag "${name}" (tags[${index}])` : `tags[${index}]`
      const where = field.length ? ` field ${field.join('.')}` : ''
      return `${who}${where}: ${issue.message}`
    }
    if (head === 'maintenanceRules' && typeof index === 'string') {
      const [at, ...ruleField] = field
      if (typeof at !== 'number') return `maintenance rules for type "${index}": ${issue.message}`
      const mode = (json as { maintenanceRules?: Record<string, { failureMode?: unknown }[]> })?.maintenanceRules?.[index]?.[at]?.failureMode
      const rule = `maintenance rule maintenanceRules.${index}[${at}]${typeof mode === 'string' ? ` (${mode})` : ''}`
      return `${rule}${ruleField.length ? ` field ${ruleField.join('.')}` : ''}: ${issue.message}`
    }
    return `${issue.path.length ? `field ${issue.path.join('.')}` : 'file'}: ${issue.message}`
  })
  throw new TagMapError(file, problems)
}

/** Reads and validates a tag map file; throws {@link TagMapError} and changes nothing on failure. */
export async function loadTagMap(file: string): Promise<TagMap> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new TagMapError(file, [`cannot read: ${(error as Error).message}`])
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new TagMapError(file, [`not valid JSON: ${(error as Error).message}`])
  }
  return parseTagMap(json, file)
}
