import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commands } from '../src/shared/contract'
import type { TagMap } from '../src/shared/tagMap'
import { createCore, type Core } from '../src/main/core/createCore'
import { silentLogger } from '../src/main/core/logger'
import { loadTagMap, parseTagMap } from '../src/main/core/tagmap/loadTagMap'
import { appPaths } from '../src/main/hosting/appPaths'
import { freePort, startQuirkServer, type QuirkServer } from './support/quirkServer'
import { data, signedIn, type Call } from './support/session'
import { tempDir, waitForAsync } from './support/tempDir'

/** A device clock this far behind the server's: its source and server timestamps differ by that much. */
const DEVICE_LAG_MS = 30_000

describe('tags:latest answers from the core: value, status, source and server timestamps', () => {
  const dataDir = tempDir('tags-latest')
  let server: QuirkServer
  let core: Core
  let call: Call

  beforeAll(async () => {
    server = await startQuirkServer({
      port: await freePort(),
      pkiDir: join(dataDir, 'pki', 'quirk'),
      updateMs: 200,
      variables: [{ name: 'Q.Lagging', dataType: 'Double', value: () => Date.now() % 1000, sourceTime: () => new Date(Date.now() - DEVICE_LAG_MS), serverTime: () => new Date() }]
    })
    const base = await loadTagMap(appPaths().defaultTagMap)
    const tagMap: TagMap = parseTagMap(
      {
        ...base,
        equipment: undefined,
        maintenanceRules: undefined,
        tags: [{ name: 'Q.Lagging', nodeId: 'nsu=urn:field-case:quirk;s=Q.Lagging', equipment: 'Q', euRange: { low: 0, high: 1000 } }]
      },
      'test map'
    )
    core = await createCore({ dataDir, tagMap, logger: silentLogger, detection: false, warmStartMs: 0, plant: { securityMode: 'None', securityPolicy: 'None', endpoint: server.endpoint } })
    ;({ call } = await signedIn(core, 'vera', 'viewer'))
  }, 60_000)
  afterAll(async () => {
    await core?.dispose()
    await server?.stop()
  })

  it("gives the server's own timestamp beside the device's source timestamp, without asking the server", async () => {
    const [latest] = await waitForAsync('a value of Q.Lagging', async () => {
      const answer = data(await call('tags:latest', { tags: ['Q.Lagging'] }))
      return answer[0]?.serverTime !== null ? answer : undefined
    })
    expect(commands['tags:latest'].output.safeParse([latest]).success).toBe(true)
    expect(latest).toMatchObject({ tag: 'Q.Lagging', status: 0, value: expect.any(Number) })
    const now = Date.now()
    // The server stamps when it took the value; the device's clock runs DEVICE_LAG_MS behind.
    expect(now - latest!.serverTime!).toBeLessThan(5_000)
    expect(latest!.serverTime! - latest!.sourceTime!).toBeGreaterThan(DEVICE_LAG_MS - 2_000)
    expect(latest!.serverTime! - latest!.sourceTime!).toBeLessThan(DEVICE_LAG_MS + 2_000)
    // The cache follows the stream: a later call has a later server time.
    const later = await waitForAsync('a newer value', async () => {
      const [next] = data(await call('tags:latest', { tags: ['Q.Lagging'] }))
      return next!.serverTime! > latest!.serverTime! ? next : undefined
    })
    expect(later!.sourceTime!).toBeGreaterThan(latest!.sourceTime!)
  })

  it('refuses an unknown tag and more tags than a faceplate needs', async () => {
    expect(await call('tags:latest', { tags: ['Q.Lagging', 'No.Such.Tag'] })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no tag named "No.Such.Tag" in the tag map' } })
    expect(await call('tags:latest', { tags: Array.from({ length: 51 }, () => 'Q.Lagging') })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })
})
