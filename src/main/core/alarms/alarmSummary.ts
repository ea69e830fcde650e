import {
  ALARM_COMMENTS_KEPT,
  type Alarm,
  type AlarmListChange,
  type AlarmTransition,
  type AlarmTransitionKind
} from '../../../shared/alarms'
import { ContractFailure } from '../contractDispatch'
import { createFloodTracker, noteActivation, stillChattering } from './alarmLoad'

/** The journal comment of a raise into designed suppression (read back by `alarmListAt`). */
export const SUPPRESSED_RAISE = 'suppressed by design: '

/** What a source (limits, engine, sensor health, system, server conditions) says about one condition. */
export type AlarmCondition = Pick<Alarm, 'id' | 'tag' | 'equipment' | 'kind' | 'limit' | 'priority' | 'message' | 'value' | 'threshold' | 'unit'> &
  Partial<Pick<Alarm, 'action' | 'detector' | 'eta' | 'contributions' | 'latching'>>

/** Where the list survives a restart and the journal is kept; `save` writes one batch in one transaction. */
export interface AlarmStore {
  load(): Alarm[]
  save(upserts: readonly Alarm[], removed: readonly string[], transitions: readonly AlarmTransition[]): void
}

/** A batch of transitions and what they changed in the list. */
export type SummaryListener = (transitions: readonly AlarmTransition[], change: AlarmListChange) => void

/**
 * The active alarm list (ISA-18.2 §5.6 alarm states, §16 shelving, designed suppression
 * and out of service), whatever raised each alarm. Every change is a typed
 * {@link AlarmTransition}; changes made inside `batch` are saved and told to listeners
 * together, outside `batch` one call at a time. Operator actions on an alarm that is not
 * in the list, or in the wrong state, throw `ContractFailure` and change nothing.
 */
export interface AlarmSummary {
  /** A source reports its condition true (`active`) or false at `at` (epoch ms, default now). */
  set(condition: AlarmCondition, active: boolean, at?: number): void
  acknowledge(ids: readonly string[], user: string | null, comment?: string): number
  /** Resets latched alarms (back to normal and acknowledged) so they leave the list. */
  reset(ids: readonly string[], user: string | null, comment?: string): number
  shelve(id: string, minutes: number, reason: string, user: string | null): void
  unshelve(id: string, user: string | null): void
  comment(id: string, text: string, user: string | null): void
  /**
   * Takes an alarm out of service. A configured condition that is not listed (see
   * `SummaryOptions.configured`) is listed for it, normal and out of service, so a later
   * raise is journaled but never annunciated; any other unknown id throws `not-found`.
   */
  outOfService(id: string, reason: string, user: string | null): void
  /** Returns an alarm to service; one that is normal (and not shelved) leaves the list. */
  returnToService(id: string, user: string | null, comment?: string): void
  /** Re-applies designed suppression (after the plant's running states changed). */
  reviewSuppression(at?: number): void
  /**
   * After a restart: active alarms passing `match` that no source confirms active by
   * `deadline` (epoch ms) return to normal then, so a condition that ended while
   * Plantwatch was down does not stand for ever.
   */
  expectConfirmation(match: (alarm: Alarm) => boolean, deadline: number): void
  /** Unshelves at expiry, ends floods and chattering flags, returns unconfirmed alarms. */
  tick(now: number): void
  /** Drops alarms passing `match` (e.g. of tags a new tag map removed); journaled as cleared with `why`. */
  forget(match: (alarm: Alarm) => boolean, why: string): void
  batch<T>(change: () => T): T
  get(id: string): Alarm | undefined
  /** Highest priority first, then newest. */
  list(): Alarm[]
  onChange(listener: SummaryListener): () => void
}

export interface SummaryOptions {
  store: AlarmStore
  clock: () => number
  /** Why `alarm` is suppressed by design now, or undefined (see `designSuppression`). */
  suppression?: (alarm: Alarm) => string | undefined
  /** The condition a source is configured to raise under `id` (a limit alarm), listed or not; undefined for any other id. */
  configured?: (id: string) => AlarmCondition | undefined
  onError?: (error: Error) => void
}

interface Entry {
  alarm: Alarm
  activations: number[]
}

const hidden = (a: Alarm): boolean => a.shelved !== undefined || a.suppressed !== undefined || a.outOfService !== undefined
const listed = (a: Alarm): boolean => a.state !== 'normal' || a.shelved !== undefined || a.outOfService !== undefined
const notFound = (id: string): ContractFailure =>
  new ContractFailure('not-found', `alarm "${id}" is not in the alarm list: it returned to normal and was cleared, or never existed`)

export function createAlarmSummary(options: SummaryOptions): AlarmSummary {
  const { store, clock } = options
  const suppression = options.suppression ?? (() => undefined)
  const entries = new Map<string, Entry>()
  for (const alarm of store.load()) entries.set(alarm.id, { alarm, activations: [] })
  const floods = createFloodTracker()
  const listeners = new Set<SummaryListener>()
  const confirmations = new Map<string, number>()
  let pending: AlarmTransition[] = []
  const dirty = new Set<string>()
  let depth = 0

  function record(entry: Entry, kind: AlarmTransitionKind, at: number, user: string | null = null, comment: string | null = null, annunciated = false): void {
    const a = entry.alarm
    pending.push({ at, kind, alarmId: a.id, tag: a.tag, equipment: a.equipment, alarmKind: a.kind, priority: a.priority, value: a.value, state: a.state, message: a.message, user, comment, annunciated })
    dirty.add(a.id)
  }

  /** A listed alarm that need not be listed any more leaves with a `clear`. */
  function settle(entry: Entry, at: number, user: string | null = null): void {
    if (listed(entry.alarm)) return
    entries.delete(entry.alarm.id)
    record(entry, 'clear', at, user)
  }

  function annunciate(entry: Entry, at: number): void {
    const { flood, started } = floods.annunciated(entry.alarm.id, at)
    if (flood === null) return
    for (const id of started.length > 0 ? started : [entry.alarm.id]) {
      const e = entries.get(id)
      if (!e || e.alarm.flood?.id === flood.id) continue
      e.alarm.flood = { id: flood.id, firstOut: id === flood.firstOutId, firstOutId: flood.firstOutId }
      dirty.add(id)
    }
  }

  function raise(entry: Entry, at: number): void {
    const a = entry.alarm
    a.active = true
    a.state = 'unacknowledged'
    a.raisedAt = at
    delete a.clearedAt
    delete a.acknowledgedAt
    delete a.acknowledgedBy
    if (noteActivation(entry.activations, at)) a.chattering = true
    const reason = suppression(a)
    if (reason !== undefined) a.suppressed = { reason, at }
    record(entry, 'raise', at, null, a.suppressed ? `${SUPPRESSED_RAISE}${a.suppressed.reason}` : null, !hidden(a))
    if (!hidden(a)) annunciate(entry, at)
  }

  function returnToNormal(entry: Entry, at: number, value: number | null, why: string | null): void {
    const a = entry.alarm
    a.active = false
    a.clearedAt = at
    a.value = value
    if (hidden(a) || a.state === 'acknowledged') a.state = a.latching && !hidden(a) ? 'latched' : 'normal'
    else if (a.state === 'unacknowledged') a.state = 'returned-unacknowledged'
    // Suppressed alarms were never shown: nothing is left for anyone to acknowledge.
    if (a.suppressed && a.state !== 'latched') a.state = 'normal'
    record(entry, 'return', at, null, why)
    settle(entry, at)
  }

  function entryOf(id: string): Entry {
    const entry = entries.get(id)
    if (!entry) throw notFound(id)
    return entry
  }

  function flush(): void {
    if (pending.length === 0 && dirty.size === 0) return
    const transitions = pending
    const upserts = [...dirty].flatMap((id) => {
      const e = entries.get(id)
      return e ? [{ ...e.alarm }] : []
    })
    const removed = [...dirty].filter((id) => !entries.has(id))
    pending = []
    dirty.clear()
    try {
      store.save(upserts, removed, transitions)
    } catch (error) {
      // The list in memory stays right; the journal lost this batch whole, never half of it.
      options.onError?.(new Error(`alarm journal not written (${transitions.length} transitions): ${(error as Error).message}`))
    }
    for (const listener of listeners) listener(transitions, { upserted: upserts, removed })
  }

  function mutate<T>(change: () => T): T {
    depth++
    try {
      return change()
    } finally {
      if (--depth === 0) flush()
    }
  }

  function unshelveEntry(entry: Entry, at: number, user: string | null, expired: boolean): void {
    if (!entry.alarm.shelved) throw new ContractFailure('conflict', `alarm "${entry.alarm.id}" is not shelved`)
    delete entry.alarm.shelved
    // An alarm still unacknowledged is annunciated again (ISA-18.2 §16.3).
    const again = !hidden(entry.alarm) && entry.alarm.active && entry.alarm.state === 'unacknowledged'
    record(entry, 'unshelve', at, user, expired ? 'shelve expired' : null, again)
    if (again) annunciate(entry, at)
    settle(entry, at, user)
  }

  function addComment(a: Alarm, text: string, user: string | null, at: number): void {
    a.comments = [...(a.comments ?? []), { at, by: user ?? 'plant', text }].slice(-ALARM_COMMENTS_KEPT)
  }

  /** A configured condition that never fired (or returned and left), listed in state normal; not-found for other ids. */
  function listConfigured(id: string, at: number): Entry {
    const condition = options.configured?.(id)
    if (!condition) throw notFound(id)
    const entry: Entry = { alarm: { ...condition, state: 'normal', active: false, raisedAt: at }, activations: [] }
    entries.set(id, entry)
    return entry
  }

  const summary: AlarmSummary = {
    set(condition, active, at = clock()) {
      mutate(() => {
        const entry = entries.get(condition.id)
        if (active) confirmations.delete(condition.id)
        if (!entry) {
          if (!active) return
          const alarm: Alarm = { ...condition, state: 'unacknowledged', active: true, raisedAt: at }
          const created = { alarm, activations: [] }
          entries.set(condition.id, created)
          raise(created, at)
          return
        }
        if (!active) {
          if (entry.alarm.active) returnToNormal(entry, at, condition.value, null)
          return
        }
        // News about a raised condition (a new ETA, value or explanation) replaces the old.
        const { state, raisedAt, acknowledgedAt, acknowledgedBy, clearedAt, shelved, suppressed, outOfService, chattering, flood, comments } = entry.alarm
        const wasActive = entry.alarm.active
        entry.alarm = { ...condition, state, active: wasActive, raisedAt, acknowledgedAt, acknowledgedBy, clearedAt, shelved, suppressed, outOfService, chattering, flood, comments }
        for (const key of Object.keys(entry.alarm) as (keyof Alarm)[]) if (entry.alarm[key] === undefined) delete entry.alarm[key]
        if (wasActive) dirty.add(condition.id)
        else raise(entry, at)
      })
    },
    acknowledge(ids, user, comment) {
      return mutate(() => {
        const targets = ids.map(entryOf)
        const at = clock()
        let count = 0
        for (const entry of targets) {
          const a = entry.alarm
          if (a.state !== 'unacknowledged' && a.state !== 'returned-unacknowledged') continue
          a.state = a.state === 'unacknowledged' ? 'acknowledged' : a.latching ? 'latched' : 'normal'
          a.acknowledgedAt = at
          if (user) a.acknowledgedBy = user
          if (comment) addComment(a, comment, user, at)
          record(entry, 'acknowledge', at, user, comment ?? null)
          settle(entry, at, user)
          count++
        }
        return count
      })
    },
    reset(ids, user, comment) {
      return mutate(() => {
        const targets = ids.map(entryOf)
        const wrong = targets.find((e) => e.alarm.state !== 'latched')
        if (wrong) throw new ContractFailure('conflict', `alarm "${wrong.alarm.id}" is ${wrong.alarm.state}; only a latched alarm can be reset`)
        const at = clock()
        for (const entry of targets) {
          entry.alarm.state = 'normal'
          record(entry, 'reset', at, user, comment ?? null)
          settle(entry, at, user)
        }
        return targets.length
      })
    },
    shelve(id, minutes, reason, user) {
      mutate(() => {
        const entry = entryOf(id)
        if (entry.alarm.outOfService) throw new ContractFailure('conflict', `alarm "${id}" is out of service; return it to service before shelving it`)
        const at = clock()
        entry.alarm.shelved = { by: user ?? 'plant', reason, at, until: at + minutes * 60_000 }
        record(entry, 'shelve', at, user, reason)
      })
    },
    unshelve(id, user) {
      mutate(() => unshelveEntry(entryOf(id), clock(), user, false))
    },
    comment(id, text, user) {
      mutate(() => {
        const entry = entryOf(id)
        const at = clock()
        addComment(entry.alarm, text, user, at)
        record(entry, 'comment', at, user, text)
      })
    },
    outOfService(id, reason, user) {
      mutate(() => {
        const at = clock()
        const entry = entries.get(id) ?? listConfigured(id, at)
        if (entry.alarm.outOfService) throw new ContractFailure('conflict', `alarm "${id}" is already out of service`)
        delete entry.alarm.shelved
        entry.alarm.outOfService = { by: user ?? 'plant', reason, at }
        record(entry, 'disable', at, user, reason)
      })
    },
    returnToService(id, user, comment) {
      mutate(() => {
        const entry = entryOf(id)
        if (!entry.alarm.outOfService) throw new ContractFailure('conflict', `alarm "${id}" is in service`)
        const at = clock()
        delete entry.alarm.outOfService
        const again = !hidden(entry.alarm) && entry.alarm.active && entry.alarm.state === 'unacknowledged'
        record(entry, 'enable', at, user, comment ?? null, again)
        if (again) annunciate(entry, at)
        settle(entry, at, user)
      })
    },
    reviewSuppression(at = clock()) {
      mutate(() => {
        for (const entry of [...entries.values()]) {
          const a = entry.alarm
          const reason = a.active ? suppression(a) : undefined
          if (reason === a.suppressed?.reason) continue
          if (reason !== undefined) {
            a.suppressed = { reason, at }
            record(entry, 'suppress', at, null, reason)
          } else if (a.suppressed) {
            delete a.suppressed
            const again = !hidden(a) && a.state === 'unacknowledged'
            record(entry, 'unsuppress', at, null, null, again)
            if (again) annunciate(entry, at)
          }
        }
      })
    },
    expectConfirmation(match, deadline) {
      for (const entry of entries.values()) if (entry.alarm.active && match(entry.alarm)) confirmations.set(entry.alarm.id, deadline)
    },
    tick(now) {
      mutate(() => {
        for (const entry of [...entries.values()]) {
          const a = entry.alarm
          if (a.shelved && now >= a.shelved.until) unshelveEntry(entry, now, null, true)
          if (a.chattering && !stillChattering(entry.activations, now)) {
            delete a.chattering
            dirty.add(a.id)
          }
        }
        for (const [id, deadline] of confirmations) {
          if (now < deadline) continue
          confirmations.delete(id)
          const entry = entries.get(id)
          if (entry?.alarm.active) returnToNormal(entry, now, entry.alarm.value, 'not detected again after the restart')
        }
        floods.tick(now)
      })
    },
    forget(match, why) {
      mutate(() => {
        const at = clock()
        for (const entry of [...entries.values()]) {
          if (!match(entry.alarm)) continue
          entries.delete(entry.alarm.id)
          entry.alarm.state = 'normal'
          record(entry, 'clear', at, null, why)
        }
      })
    },
    batch: mutate,
    get: (id) => {
      const e = entries.get(id)
      return e ? { ...e.alarm } : undefined
    },
    list() {
      return [...entries.values()].map((e) => ({ ...e.alarm })).sort((a, b) => a.priority - b.priority || b.raisedAt - a.raisedAt)
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
  return summary
}
