import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Alarm } from '../src/shared/domain'
import type { Core } from '../src/main/core/createCore'
import type { DemoPlant } from '../src/main/demo-plant'
import { compressedTimeTagMap, startPlantAtSpeed } from './support/plantAtSpeed'
import { data, signedIn } from './support/session'
import { tempDir, waitFor } from './support/tempDir'

describe('the handover report of a demo-plant shift with bearing wear on CV-101', () => {
  let plant: DemoPlant
  let core: Core
  const alarms: Alarm[][] = []
  const dataDir = tempDir('handover-demo')

  beforeAll(async () => {
    ;({ plant, core } = await startPlantAtSpeed({ dataDir, tagMap: await compressedTimeTagMap(['CV-101'], 5), alarms }))
  }, 120_000)
  afterAll(async () => {
    await core?.dispose()
    await plant?.stop()
  })

  it('lists the predictive alarm under "what to watch next shift" and the work order the engine opened, with its due time', async () => {
    plant.injectFault('CV-101', 'bearing-wear', {})
    const { call } = await signedIn(core, 'vic', 'viewer')
    const seen = (): string => [...new Set(alarms.flat().map((a) => `${a.kind} ${a.id}`))].join(', ')
    const predicted = await waitFor('a predictive alarm on CV-101', () => core.handlers && alarms.at(-1)?.find((a) => a.kind === 'predictive' && a.equipment === 'CV-101' && a.eta), 150_000).catch((error: Error) => {
      throw new Error(`${error.message}; alarms seen: ${seen()}`)
    })
    const { current } = data(await call('shifts:current'))
    // The engine opens the work order a moment after its warning: the draft builds up live.
    const orderOf = (d: typeof draft) => d.content.tables.workOrders.rows.find((r) => r[2] === 'CV-101' && String(r[0]).includes('opened'))
    let draft = data(await call('report:get', { shiftStart: current.start }))
    for (let i = 0; i < 30 && !orderOf(draft); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      draft = data(await call('report:get', { shiftStart: current.start }))
    }
    expect(draft.state).toBe('draft')
    const watch = draft.content.tables.watch.rows.filter((r) => r[2] === 'CV-101')
    expect(watch.map((r) => r[3])).toContain(predicted.tag)
    // Soonest first: the due times never go backwards down the table.
    const dueOrder = draft.content.tables.watch.rows.filter((r) => r[1] !== 'standing').map((r) => String(r[0]))
    expect(dueOrder).toEqual([...dueOrder].sort())
    const order = orderOf(draft)
    expect(order, 'the engine opens a work order for CV-101').toBeDefined()
    expect(order![6], 'the work order has a due time').not.toBeNull()
    expect(draft.content.tables.status.rows.find((r) => r[0] === 'CV-101')?.[4]).toMatch(/^(anomaly|alarm|watch)/)
    expect(draft.content.trends.rows.map((t) => t.equipment)).toContain('CV-101')
  }, 240_000)
})
