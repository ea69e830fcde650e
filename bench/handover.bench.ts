// Issue 13 figure: report_generate_ms — `plantwatch report` writing the PDF of an 8-hour shift of
// the demo mine, unattended (a fresh process, no browser, no display), target ≤ 3,000 ms.
// The historian holds a day of the demo mine's physics (a row each 10 s, all 65 tags), so the
// energy comparison with the previous shifts of the same kind reads real data.
// - report_generate_ms: wall time of the whole process, median of 3 runs;
// - report_generate_cpu_ms: CPU time (user + system) of that process, median: what the machine's
//   load does not inflate (the wall time on a shared machine can be several times the CPU time);
// - report_generate_inprocess_ms: the same report inside a running process (the HMI's download).
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../src/main/cli/index'
import { prefillHistorian } from '../src/main/hosting/prefillHistorian'
import { report, tempDir } from './support'

const HOUR_MS = 3_600_000
const dataDir = tempDir('bench-handover')
// Now is 10 minutes past the Morning shift of 2026-11-25 (UTC calendar: 06:00–14:00Z).
const now = Date.parse('2026-11-25T14:10:00Z')
prefillHistorian({ dataDir, days: 1, now, intervalS: 10 })
writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ shifts: { site: 'Demo mine', timeZone: 'UTC', shifts: [{ name: 'Morning', start: '06:00' }, { name: 'Afternoon', start: '14:00' }, { name: 'Night', start: '22:00' }] } }))

const out = join(dataDir, 'shift.pdf')
const runs: number[] = []
const cpu: number[] = []
/** CPU ms of this process's waited-for children (cutime + cstime in /proc/self/stat, Linux). */
const childCpuMs = (): number => {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[13]) + Number(fields[14])) / 100) * 1000
}
for (let i = 0; i < 3; i++) {
  const c0 = childCpuMs()
  const t0 = performance.now()
  const run = spawnSync(process.execPath, ['bin/plantwatch.mjs', 'report', '--shift', '2026-11-25 06:00', '--out', out, '--data-dir', dataDir], { encoding: 'utf8' })
  runs.push(performance.now() - t0)
  cpu.push(childCpuMs() - c0)
  if (run.status !== 0) throw new Error(`plantwatch report failed: ${run.stderr}`)
}
runs.sort((a, b) => a - b)
report('report_generate_ms', runs[1]!, 'ms', 0)
cpu.sort((a, b) => a - b)
report('report_generate_cpu_ms', cpu[1]!, 'ms', 0)

const io = { stdout: () => undefined, stderr: () => undefined }
await runCli(['report', '--shift', '2026-11-25 06:00', '--out', out, '--data-dir', dataDir], io)
const t0 = performance.now()
const code = await runCli(['report', '--shift', '2026-11-25 06:00', '--out', out, '--data-dir', dataDir], io)
if (code !== 0) throw new Error(`report exit ${code}`)
report('report_generate_inprocess_ms', performance.now() - t0, 'ms', 0)
console.log(`# ${statSync(out).size} bytes of PDF for 8 h of ${8 * HOUR_MS / 1000 / 10} rows x 65 tags`)
