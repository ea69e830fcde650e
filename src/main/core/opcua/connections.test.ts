import { describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../../shared/domain'
import { summarize } from './connections'

const state = (connection: string, status: ConnectionState['status'], extra: Partial<ConnectionState> = {}): ConnectionState => ({ status, endpoint: `opc.tcp://${connection}:4840`, since: 1, connection, ...extra })

describe('the state of several connections as one', () => {
  it('is the one connection itself when there is one', () => {
    const one = state('plant', 'reconnecting', { reason: 'connection lost' })
    expect(summarize([one])).toBe(one)
  })

  it('is connected only when all are, and otherwise the worst, naming it and counting the others', () => {
    expect(summarize([state('plant', 'connected', { since: 5 }), state('utility', 'connected', { since: 9 })])).toEqual({ status: 'connected', endpoint: 'opc.tcp://plant:4840, opc.tcp://utility:4840', since: 9 })
    const mixed = summarize([state('plant', 'connected'), state('utility', 'reconnecting', { reason: 'connection lost', attempt: 2 }), state('mill', 'failed', { reason: 'certificate untrusted' })])
    expect(mixed).toMatchObject({ status: 'failed', endpoint: 'opc.tcp://mill:4840', reason: 'mill: certificate untrusted (1 of 3 connections up)' })
    expect(mixed.connection).toBeUndefined()
  })
})
