import { UsageError } from './args'
import { SERVE_USAGE } from './usage'

const USAGE = `Usage: plantwatch <command> [options]

Commands:
  serve     the HMI in a browser, with the core in this process
  plant     the demo mining plant as an OPC UA server (or --record a labelled dataset)
  detect    run the anomaly engine over a CSV (backtesting, NAB, SKAB)
  users     add, list, disable user accounts and set their passwords
  audit     verify the audit trail's hash chain, or export it as CSV
  history   export what the historian recorded as CSV (history export --help)
  alarms    export the alarm journal as CSV, or print the alarm KPIs
  workorders  export work orders as CSV or JSON for a CMMS (workorders --help)
  browse    list an OPC UA server's address space (commissioning)
  read      read nodes once
  watch     print one line per change of nodes
  pki       list, trust or reject OPC UA certificates of the data dir
  report    a shift handover report as PDF, CSV or JSON, unattended (report --help)

Every command takes --data-dir DIR (settings, PKI, database; default: the
platform's app-data folder). \`plantwatch <command> --help\` for its options.

${SERVE_USAGE}
`

type Io = { stdout(s: string): void; stderr(s: string): void }
type Command = (argv: string[], io: Io, dataDir: string) => Promise<number>

// Each command is loaded only when run: `--help` and argument errors answer at once,
// without loading the OPC UA stack.
const COMMANDS: Record<string, Command> = {
  serve: async (argv, io, dataDir) => (await import('./serve')).runServeCommand(argv, io, dataDir),
  plant: async (argv, io, dataDir) => (await import('../demo-plant/cli')).runPlantCommand(argv, { ...io, dataDir }),
  detect: async (argv, io) => (await import('./detect')).runDetectCommand(argv, io),
  users: async (argv, io, dataDir) => (await import('./users')).runUsersCommand(argv, io, dataDir),
  audit: async (argv, io, dataDir) => (await import('./audit')).runAuditCommand(argv, io, dataDir),
  history: async (argv, io, dataDir) => (await import('./history')).runHistoryCommand(argv, io, dataDir),
  alarms: async (argv, io, dataDir) => (await import('./alarms')).runAlarmsCommand(argv, io, dataDir),
  workorders: async (argv, io, dataDir) => (await import('./workorders')).runWorkOrdersCommand(argv, io, dataDir),
  browse: async (argv, io, dataDir) => (await import('./commissioning/browse')).runBrowseCommand(argv, io, dataDir),
  read: async (argv, io, dataDir) => (await import('./commissioning/readWatch')).runReadCommand(argv, io, dataDir),
  watch: async (argv, io, dataDir) => (await import('./commissioning/readWatch')).runWatchCommand(argv, io, dataDir),
  pki: async (argv, io, dataDir) => (await import('./commissioning/pki')).runPkiCommand(argv, io, dataDir),
  report: async (argv, io, dataDir) => (await import('./report')).runReportCommand(argv, io, dataDir)
}

/** Runs the CLI; returns the exit code. Bad arguments: a clear message and 2. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE)
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr(`plantwatch: unknown command "${name}"\n\n${USAGE}`)
    return 2
  }
  if (name === 'serve' && (rest.includes('--help') || rest.includes('-h'))) {
    io.stdout(`${SERVE_USAGE}\n`)
    return 0
  }
  try {
    const { argv: commandArgv, dataDir } = await takeDataDir(rest)
    return await command(commandArgv, io, dataDir)
  } catch (error) {
    io.stderr(`plantwatch ${name}: ${(error as Error).message}\n`)
    return error instanceof UsageError ? 2 : 1
  }
}

/** `--data-dir` applies to every command, so it is taken here and not by each command's parser. */
async function takeDataDir(argv: string[]): Promise<{ argv: string[]; dataDir: string }> {
  const rest: string[] = []
  let dataDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data-dir') {
      dataDir = argv[++i]
      if (!dataDir) throw new UsageError('--data-dir needs a folder')
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length)
    else rest.push(arg)
  }
  return { argv: rest, dataDir: dataDir ?? (await import('../core/settings/settings')).defaultDataDir() }
}
