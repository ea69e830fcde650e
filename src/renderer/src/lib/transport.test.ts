import { describe, expect, it } from 'vitest'
import { webSocketUrl } from './transport'

describe('webSocketUrl', () => {
  it('uses the page origin and the contract path', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:5180' })).toBe('ws://127.0.0.1:5180/ws')
    expect(webSocketUrl({ protocol: 'https:', host: 'hmi.plant.example' })).toBe('wss://hmi.plant.example/ws')
  })
})
