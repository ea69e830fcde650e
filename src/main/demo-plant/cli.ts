import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { parseDurationS } from './duration'
import { MAX_EXTRA_TAGS } from './extraTags'
import { MAX_SPEED, startDemoPlant, type DemoPlantOptions } from './index'
import { recordPlant, writeRecording } from './record'
import { loadScenarioFile, ScenarioError } from './scenario'

/** Usage text of `plantwatch plant`. */
export const PLANT_USAGE = `Usage: plantwatch plant [options]

Serve the demo mining plant over OPC UA until Ctrl-C, or record a labelled dataset.

Options:
  --port N            TCP port (default 4840; 0 = any free port)
  --host H            address to bind (default 127.0.0.1)
  --seed N            physics seed (default 1)
  --speed N           simulated seconds per real second (default 1)
  --update-interval MS  how often values change (default 100)
  --scenario FILE     scheduled faults (JSON)
  --extra-tags N      synthetic load-test tags s=Extra.T00001… (up to ${MAX_EXTRA_TAGS})
  --secure-only       no None endpoint, no anonymous access
  --users FILE        JSON [{"username": "...", "password": "..."}] (default operator/operator)
  --pki DIR           PKI folder (default <data-dir>/pki/plant)
  --record OUT.csv    write a dataset instead of serving (no server, no waiting),
                      plus OUT.csv.truth.json with each fault's start and failure time
  --duration D        recorded span, e.g. 8h (required with --record)
  --interval D        time between rows (default 1m)
  --help              this text
`

/** Dependencies of the plant command; tests pass their own. */
export interface PlantCommandIo {
  dataDir: string
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** Resolves when the served plant should stop; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>
}

class Usage extends Error {}

const UsersSchema = z.array(z.strictObject({ username: z.string().min(1), password: z.string().min(1) })).min(1)

function num(name: string, text: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Usage(`--${name} must be ${what}, got "${text}"`)
  return n
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      resolve()
    }
    process.on('SIGINT', done)
    process.on('SIGTERM', done)
  })
}

/** `plantwatch plant …`; returns the exit code (2 for bad arguments). */
export async function runPlantCommand(argv: string[], io: PlantCommandIo): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        'update-interval': { type: 'string' },
        scenario: { type: 'string' },
        'extra-tags': { type: 'string' },
        'secure-only': { type: 'boolean' },
        users: { type: 'string' },
        pki: { type: 'string' },
        record: { type: 'string' },
        duration: { type: 'string' },
        interval: { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values
  } catch (err) {
    io.stderr(`plantwatch plant: ${err instanceof Error ? err.message : String(err)}\n\n${PLANT_USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout(PLANT_USAGE)
    return 0
  }
  try {
    const isInt = (n: number): boolean => Number.isInteger(n)
    const port = num('port', values.port, (n) => isInt(n) && n >= 0 && n <= 65535, 'an integer 0…65535')
    const seed = num('seed', values.seed, isInt, 'an integer')
    const speed = num('speed', values.speed, (n) => n > 0 && n <= MAX_SPEED, `a number in (0, ${MAX_SPEED}]`)
    const updateIntervalMs = num('update-interval', values['update-interval'], (n) => n >= 10 && n <= 60_000, '10…60000 ms')
    const extraTags = num('extra-tags', values['extra-tags'], (n) => isInt(n) && n >= 0 && n <= MAX_EXTRA_TAGS, `an integer 0…${MAX_EXTRA_TAGS}`)
    if (values.host !== undefined && values.host.trim() === '') throw new Usage('--host must not be empty')

    if (values.record !== undefined) {
      if (values.duration === undefined) throw new Usage('--record needs --duration (e.g. 8h)')
      const durationS = parseDurationS(values.duration)
      if (durationS === null || durationS <= 0) throw new Usage(`--duration must be a duration like 8h or 90m, got "${values.duration}"`)
      const intervalS = values.interval === undefined ? 60 : parseDurationS(values.interval)
      if (intervalS === null || intervalS <= 0) throw new Usage(`--interval must be a duration like 1m or 10s, got "${values.interval}"`)
      const scenario = values.scenario ? await loadScenarioFile(values.scenario) : undefined
      const t0 = Date.now()
      const rec = recordPlant({ seed: seed ?? 1, durationS, intervalS, ...(scenario ? { scenario } : {}) })
      await writeRecording(rec, values.record)
      const failures = rec.truth.faults.filter((f) => f.failureS !== null).length
      io.stdout(
        `recorded ${rec.rows.length} rows × ${rec.columns.length} tags (${durationS / 3600} simulated h) in ${Date.now() - t0} ms → ${values.record}\n` +
          `ground truth: ${rec.truth.faults.length} faults, ${failures} failures → ${values.record}.truth.json\n`
      )
      return 0
    }
    if (values.duration !== undefined || values.interval !== undefined) throw new Usage('--duration and --interval only apply with --record')

    let users: DemoPlantOptions['users']
    if (values.users !== undefined) {
      let raw: unknown
      try {
        raw = JSON.parse(await readFile(values.users, 'utf8'))
      } catch (err) {
        throw new Usage(`${values.users}: ${err instanceof Error ? err.message : String(err)}`)
      }
      const parsed = UsersSchema.safeParse(raw)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new Usage(`${values.users}: ${issue ? `[${issue.path.join('.')}] ${issue.message}` : 'invalid users file'}`)
      }
      users = parsed.data
    }
    const plant = await startDemoPlant({
      pkiDir: values.pki ?? join(io.dataDir, 'pki', 'plant'),
      ...(values.host !== undefined ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(speed !== undefined ? { speed } : {}),
      ...(updateIntervalMs !== undefined ? { updateIntervalMs } : {}),
      ...(extraTags !== undefined ? { extraTags } : {}),
      ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
      ...(users ? { users } : {}),
      secureOnly: values['secure-only'] ?? false,
      logger: { info: (m) => io.stdout(`${m}\n`), warn: (m) => io.stderr(`${m}\n`) }
    })
    io.stdout(`demo plant serving ${plant.endpointUrl}; Ctrl-C to stop\n`)
    await (io.untilStopped ?? waitForSignal)()
    await plant.stop()
    io.stdout('demo plant stopped\n')
    return 0
  } catch (err) {
    if (err instanceof Usage) {
      io.stderr(`plantwatch plant: ${err.message}\n`)
      return 2
    }
    if (err instanceof ScenarioError) {
      io.stderr(`plantwatch plant: ${err.message}\n`)
      return 2
    }
    io.stderr(`plantwatch plant: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}
