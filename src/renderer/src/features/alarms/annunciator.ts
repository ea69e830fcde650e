import type { AlarmPriority, AlarmTransition } from '../../../../shared/alarms'
import type { ContractClient } from '../../../../shared/contract'
import { createStore, type ReadableStore } from '../../lib/store'

/**
 * Audible annunciation in this console (ISA-18.2 §11.4; EEMUA 191 §5.3: a distinct sound
 * per priority). A new annunciated alarm starts its priority's pattern, repeated until
 * "Silence" or until nothing is left unacknowledged; a new alarm after a silence sounds again.
 * Silence belongs to this console only: other consoles keep sounding.
 */
interface Pattern {
  /** Tone frequencies (Hz) played in turn, each `toneMs` long. */
  tones: readonly number[]
  toneMs: number
  /** Pause before the pattern repeats. */
  repeatMs: number
}

/** Priority 1 is fast and two-toned, 4 a single soft chime: the ear tells them apart. */
export const PATTERNS: Record<AlarmPriority, Pattern> = {
  1: { tones: [880, 660, 880, 660], toneMs: 150, repeatMs: 900 },
  2: { tones: [740, 740], toneMs: 200, repeatMs: 2000 },
  3: { tones: [587], toneMs: 300, repeatMs: 4000 },
  4: { tones: [440], toneMs: 250, repeatMs: 0 }
}

export interface Annunciator {
  /** The priority sounding now, or null when quiet. */
  sounding: ReadableStore<AlarmPriority | null>
  silence(): void
  dispose(): void
}

/** `stillUnacknowledged` says whether any annunciated alarm still waits for an operator. */
export function createAnnunciator(client: ContractClient, stillUnacknowledged: () => boolean, audio: () => AudioContext | null = defaultAudio): Annunciator {
  const sounding = createStore<AlarmPriority | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  // Opening the audio output took 200-300 ms in Chromium: done while the page is idle, not when
  // the first alarm of a flood arrives and the screen has the most to draw.
  const warm = typeof requestIdleCallback === 'function' ? requestIdleCallback(() => audio()) : undefined

  function play(priority: AlarmPriority): void {
    const ctx = audio()
    if (ctx === null) return
    const { tones, toneMs } = PATTERNS[priority]
    let at = ctx.currentTime
    for (const hz of tones) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.frequency.value = hz
      osc.type = priority === 1 ? 'square' : 'sine'
      gain.gain.setValueAtTime(priority === 1 ? 0.12 : 0.2, at)
      gain.gain.exponentialRampToValueAtTime(0.001, at + toneMs / 1000)
      osc.connect(gain).connect(ctx.destination)
      osc.start(at)
      osc.stop(at + toneMs / 1000)
      at += toneMs / 1000
    }
  }

  function loop(priority: AlarmPriority): void {
    if (sounding.get() !== priority) return
    if (!stillUnacknowledged()) return quiet()
    play(priority)
    const { tones, toneMs, repeatMs } = PATTERNS[priority]
    if (repeatMs === 0) return quiet()
    timer = setTimeout(() => loop(priority), tones.length * toneMs + repeatMs)
  }

  function quiet(): void {
    clearTimeout(timer)
    sounding.set(null)
  }

  const off = client.on('alarms:transitions', (transitions: AlarmTransition[]) => {
    const news = transitions.filter((t) => t.annunciated)
    if (news.length === 0) return
    const top = Math.min(...news.map((t) => t.priority)) as AlarmPriority
    const current = sounding.get()
    if (current !== null && current <= top) return
    clearTimeout(timer)
    sounding.set(top)
    loop(top)
  })

  return {
    sounding,
    silence: quiet,
    dispose() {
      if (warm !== undefined) cancelIdleCallback(warm)
      off()
      quiet()
    }
  }
}

let shared: AudioContext | null | undefined
/** One AudioContext per page, created lazily; null where Web Audio is missing. */
function defaultAudio(): AudioContext | null {
  if (shared === undefined) shared = typeof AudioContext === 'undefined' ? null : new AudioContext()
  // Browsers start it suspended until the page had a gesture; signing in was one.
  if (shared?.state === 'suspended') void shared.resume()
  return shared
}
