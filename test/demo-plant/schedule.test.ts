import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { AttributeIds } from 'node-opcua'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/index'
import { ProductionScheduleSchema } from '../../src/main/demo-plant/schedule'
import { tempDir } from '../support/tempDir'
import { connect, sleep, startTestPlant } from './helpers'

/** Reads CV-101.Running from a served plant, as any OPC UA client would. */
async function conveyorRunning(env: Awaited<ReturnType<typeof startTestPlant>>): Promise<unknown> {
  const c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir)
  try {
    return (await c.session.read({ nodeId: `ns=${c.ns};s=CV-101.Running`, attributeId: AttributeIds.Value })).value.value
  } finally {
    await c.close()
  }
}

describe('the served demo plant on its production schedule', () => {
  it('stands the conveyors still on its idle day by the local wall clock (today made the idle day)', async () => {
    // Today's weekday must still be today when the plant starts: wait out the last seconds before midnight.
    const untilMidnightMs = DateTime.local().endOf('day').toMillis() - Date.now()
    if (untilMidnightMs < 30_000) await sleep(untilMidnightMs + 1_000)
    const today = DateTime.local().weekday % 7
    const idleToday = ProductionScheduleSchema.parse({ idleDay: today, tripsPerDay: 0 })
    const env = await startTestPlant({ schedule: idleToday })
    try {
      expect(env.plant.schedule).toEqual(idleToday)
      expect(await conveyorRunning(env)).toBe(false)
    } finally {
      await env.dispose()
    }
  }, 60_000)

  it('runs around the clock when a scenario says "schedule": null, whatever the host asked for', async () => {
    const file = join(tempDir('no-schedule'), 'no-schedule.json')
    await writeFile(file, JSON.stringify({ schedule: null, events: [] }))
    const idleToday = ProductionScheduleSchema.parse({ idleDay: DateTime.local().weekday % 7 })
    const env = await startTestPlant({ schedule: idleToday, scenario: file })
    try {
      expect(env.plant.schedule).toBeNull()
      expect(await conveyorRunning(env)).toBe(true)
    } finally {
      await env.dispose()
    }
  }, 60_000)

  it('refuses a --plant-schedule other than on or off before anything starts', async () => {
    let err = ''
    const code = await runCli(['serve', '--plant-schedule', 'sometimes', '--port', '0', '--data-dir', tempDir('schedule-flag')], {
      stdout: () => undefined,
      stderr: (s) => (err += s)
    })
    expect(code).toBe(2)
    expect(err).toBe('plantwatch serve: --plant-schedule must be on or off, got "sometimes"\n')
  }, 60_000) // the first call loads serve's module (the OPC UA stack)
})
