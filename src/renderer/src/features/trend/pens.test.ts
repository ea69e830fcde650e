import { describe, expect, it } from 'vitest'
import type { TagInfo } from '../../../../shared/domain'
import { defaultPens } from './pens'

const tag = (name: string, signal: TagInfo['signal'], extra: Partial<TagInfo> = {}): TagInfo =>
  ({ name, nodeId: `s=${name}`, equipment: 'CV-101', signal, unit: '', euRange: { low: 0, high: 100 }, limits: {}, index: 0, ...extra }) as TagInfo

describe('defaultPens', () => {
  it('opens with the health signals, then context, in tag-map order; never a running state', () => {
    const tags = [tag('Running', 'state', { states: { RUNNING: 1, STOPPED: 0 } } as Partial<TagInfo>), tag('Speed', 'speed'), tag('BeltLoad', 'flow'), tag('MotorCurrent', 'current'), tag('MotorTemp', 'temperature'), tag('Vibration', 'vibration'), tag('LubeLevel', 'level')]
    expect(defaultPens(tags)).toEqual(['MotorCurrent', 'MotorTemp', 'Vibration', 'LubeLevel'])
  })

  it('fills up with context signals, and follows a role the tag map sets', () => {
    const tags = [tag('Speed', 'speed'), tag('Feed', 'flow'), tag('Temp', 'temperature'), tag('Ambient', 'temperature', { role: 'context' } as Partial<TagInfo>)]
    expect(defaultPens(tags)).toEqual(['Temp', 'Speed', 'Feed', 'Ambient'])
  })
})
