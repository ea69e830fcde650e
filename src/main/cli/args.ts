import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A command-line mistake: printed with the usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

/** node's strict parseArgs, with its errors turned into {@link UsageError}s. */
export function parseFlags<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Parses a TCP port flag; undefined stays undefined. */
export function portFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--${name} must be a port number 0-65535, got "${value}"`)
  return port
}

/** Like {@link parseFlags}, for commands that also take positional arguments (names, NodeIds). */
export function parseCommandLine<O extends Options>(argv: string[], options: O) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true })
    return { flags: values, positionals }
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Parses an on/off switch such as `--plant-schedule off`; undefined stays undefined. */
export function onOffFlag(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined
  if (value === 'on' || value === 'off') return value === 'on'
  throw new UsageError(`--${name} must be on or off, got "${value}"`)
}
