import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AlarmTransition } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import { covers, createJournalMarkers, JOURNAL_MARKERS_DEBOUNCE_MS, journalWindow, transitionMarker } from './journalMarkers'

const transition = (over: Partial<AlarmTransition> = {}): AlarmTransition => ({
  at: 5_000,
  kind: 'raise',
  alarmId: 'limit:CV-101.Vibration:HH',
  tag: 'CV-101.Vibration',
  equipment: 'CV-101',
  alarmKind: 'limit',
  priority: 1,
  value: 11.4,
  state: 'unacknowledged',
  message: 'Vibration above HH limit',
  user: null,
  comment: null,
  annunciated: true,
  ...over
})

/** A host that answers `alarms:journal` with `rows` and records what it was asked; `emit` pushes `alarms:transitions`. */
function journalHost(rows: AlarmTransition[]) {
  const asked: unknown[] = []
  let live: ((batch: AlarmTransition[]) => void) | null = null
  const client = {
    invoke: (_channel: string, input: unknown) => {
      asked.push(input)
      return Promise.resolve({ ok: true, data: rows.map((r, seq) => ({ ...r, seq })) })
    },
    on: (_event: string, listener: (batch: AlarmTransition[]) => void) => {
      live = listener
      return () => (live = null)
    }
  } as unknown as ContractClient
  return { client, asked, emit: (batch: AlarmTransition[]) => live?.(batch), listening: () => live !== null }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('alarm journal markers on the trend', () => {
  it('turns a transition into an alarm marker naming what happened, who did it, and the alarm', () => {
    expect(transitionMarker(transition({ kind: 'acknowledge', user: 'olga', at: 7_000 }))).toEqual({
      at: 7_000,
      kind: 'alarm',
      priority: 1,
      alarmId: 'limit:CV-101.Vibration:HH',
      label: 'Alarm acknowledged by olga · P1 · CV-101.Vibration: Vibration above HH limit'
    })
  })

  it('asks for half a span more on each side, so a live window sliding on stays covered', () => {
    expect(journalWindow([10_000, 20_000])).toEqual([5_000, 25_000])
    expect(journalWindow([1_000, 5_000])).toEqual([0, 7_000])
    expect(covers([5_000, 25_000], [14_000, 24_000])).toBe(true)
    expect(covers([5_000, 25_000], [16_000, 26_000])).toBe(false)
  })

  it('queries once the range settles, not per change, and again only when the range leaves the window or the pens change', async () => {
    vi.useFakeTimers()
    const host = journalHost([transition()])
    const journal = createJournalMarkers(host.client)
    const seen: number[] = []
    const off = journal.markers.subscribe(() => seen.push(journal.markers.get().length))
    for (let t = 0; t < 10; t++) journal.show(['CV-101.Vibration'], [10_000 + t, 20_000 + t])
    expect(host.asked).toEqual([])
    await vi.advanceTimersByTimeAsync(JOURNAL_MARKERS_DEBOUNCE_MS)
    expect(host.asked).toEqual([{ from: 5_009, to: 25_009, tags: ['CV-101.Vibration'], kinds: ['raise', 'acknowledge', 'return', 'clear'] }])
    expect(journal.markers.get().map((m) => m.alarmId)).toEqual(['limit:CV-101.Vibration:HH'])

    // A live window sliding a few seconds stays inside what was loaded.
    journal.show(['CV-101.Vibration'], [12_000, 22_000])
    await vi.advanceTimersByTimeAsync(JOURNAL_MARKERS_DEBOUNCE_MS)
    expect(host.asked).toHaveLength(1)
    // New transitions of the pens arrive live; others are ignored.
    host.emit([transition({ kind: 'acknowledge', at: 21_000, user: 'olga' }), transition({ tag: 'DR-201.MotorTemp', at: 21_000 }), transition({ kind: 'comment', at: 21_000 })])
    expect(journal.markers.get().map((m) => m.at)).toEqual([5_000, 21_000])

    journal.show(['CV-101.Vibration'], [30_000, 40_000])
    journal.show(['CV-101.Vibration', 'CV-101.Speed'], [30_000, 40_000])
    await vi.advanceTimersByTimeAsync(JOURNAL_MARKERS_DEBOUNCE_MS)
    expect(host.asked).toHaveLength(2)
    expect(host.asked[1]).toMatchObject({ from: 25_000, to: 45_000, tags: ['CV-101.Vibration', 'CV-101.Speed'] })

    // The chart gone: the event is dropped and a pending query never runs.
    journal.show(['CV-101.Vibration'], [90_000, 99_000])
    off()
    expect(host.listening()).toBe(false)
    await vi.advanceTimersByTimeAsync(JOURNAL_MARKERS_DEBOUNCE_MS)
    expect(host.asked).toHaveLength(2)
    expect(seen.length).toBeGreaterThan(0)
  })
})
