import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AlarmListChange } from '../../../shared/alarms'
import type { ConnectionState } from '../../../shared/domain'
import { createEventHub } from '../eventHub'
import { silentLogger } from '../logger'
import { openPlantDatabase } from '../storage/plantDatabase'
import { createAlarmService, type AlarmService } from './alarmService'

let service: AlarmService | undefined
afterEach(() => service?.dispose())

const openService = (hub = createEventHub(() => undefined)) => {
  const db = openPlantDatabase(join(mkdtempSync(join(tmpdir(), 'pw-alarm-service-')), 'plantwatch.db'))
  service = createAlarmService({ db, clock: () => 1_000, logger: silentLogger, hub })
  return service
}

const connectionAlarm = (state: Omit<ConnectionState, 'endpoint' | 'since'>) => {
  const service = openService()
  service.onConnection({ ...state, endpoint: 'opc.tcp://127.0.0.1:4840', since: 1_000 })
  return service.summary.get('system:connection')
}

describe('the connection alarm', () => {
  it('points a lost link at the server and the network', () => {
    const alarm = connectionAlarm({ status: 'reconnecting', attempt: 1, reason: 'connection lost' })
    expect(alarm?.message).toBe('No data from opc.tcp://127.0.0.1:4840: reconnecting (connection lost)')
    expect(alarm?.action).toMatch(/^check the server and the network/)
  })

  it('asks an engineer to act on a configuration the server refuses, not to check the network', () => {
    // Field case secure-only-endpoint-message: a final failure whose reason names the settings to change.
    const alarm = connectionAlarm({ status: 'failed', reason: 'the server does not offer securityMode None with securityPolicy None' })
    expect(alarm?.message).toMatch(/failed \(the server does not offer securityMode None/)
    expect(alarm?.action).toMatch(/^an engineer must act as the message says/)
    expect(alarm?.action).not.toMatch(/network/)
  })
})

describe('what consoles are sent', () => {
  afterEach(() => vi.useRealTimers())

  it('sends each alarm that changed once, in its latest state, and the ids that left the list, at most every 250 ms', () => {
    vi.useFakeTimers()
    const hub = createEventHub(() => undefined)
    const changes: AlarmListChange[] = []
    hub.on('alarms:changed', (change) => changes.push(change))
    const service = openService(hub)
    const link = { endpoint: 'opc.tcp://127.0.0.1:4840', since: 1_000 }
    service.onConnection({ status: 'reconnecting', attempt: 1, reason: 'connection lost', ...link })
    vi.advanceTimersByTime(0)
    expect(changes).toEqual([{ upserted: [expect.objectContaining({ id: 'system:connection', state: 'unacknowledged' })], removed: [] }])
    // Acknowledged, then back: it leaves the list before the next send, which says only that.
    service.summary.acknowledge(['system:connection'], 'ann')
    service.onConnection({ status: 'connected', ...link })
    vi.advanceTimersByTime(249)
    expect(changes).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(changes[1]).toEqual({ upserted: [], removed: ['system:connection'] })
  })
})
