import { MAX_HISTORY_TAGS, type CommandName, type ContractClient, type Output, type Result } from '../../../shared/contract'
import { applyAlarmListChange } from '../../../shared/alarms'
import type { SessionState } from '../../../shared/access'
import type { Alarm, ConnectionState, MaintenanceEntry, TagHealth, TagInfo } from '../../../shared/domain'
import { sortAlarms } from '../features/alarms/alarmOrder'
import { MAINTENANCE_ENTRIES_SHOWN, mergeEntries } from '../features/maintenance/maintenanceLog'
import { TREND_WINDOW_MS } from '../features/trend/pens'
import { createSampleStore, type SampleStore } from '../lib/sampleStore'
import { createStore, type ReadableStore } from '../lib/store'
import type { Transport } from '../lib/transport'

/**
 * Everything the screen reads, assembled once per page: external stores fed by
 * the contract's events, refreshed from its commands whenever the host link
 * (re)opens, because events sent while the link was down are gone.
 */
export interface Runtime {
  client: ContractClient
  transport: Pick<Transport, 'kind' | 'endpoint' | 'link'>
  tags: ReadableStore<TagInfo[]>
  /** Who is signed in here and whether plant data may be shown; null until the host answered. */
  session: ReadableStore<SessionState | null>
  /** Applies the answer of a sign-in, lock or sign-out without waiting for the event. */
  setSession(state: SessionState): void
  /** Each tag's health (index i for tag i): why a tag has no or doubtful values. */
  health: ReadableStore<TagHealth[]>
  /** Active alarms in banner order. */
  alarms: ReadableStore<Alarm[]>
  /** The plant link; null until the host has answered. */
  connection: ReadableStore<ConnectionState | null>
  /** Newest first. */
  maintenance: ReadableStore<MaintenanceEntry[]>
  /** Adds the answer of `maintenance:add` without waiting for the event. */
  addMaintenanceEntries(entries: MaintenanceEntry[]): void
  samples: SampleStore
  /**
   * The tags the trend shows. The history of its window is loaded for tags new to
   * the set, and for all of them whenever the link (re)opens, so a trend starts full.
   */
  setTrendPens(tagIndexes: readonly number[]): void
  dispose(): void
}

/** Raw samples per pen the trend window can take: 3.4 min at 100 Hz. */
const TREND_HISTORY_MAX_SAMPLES = 20_000

export function createRuntime(transport: Transport): Runtime {
  const { client } = transport
  const tags = createStore<TagInfo[]>([])
  const session = createStore<SessionState | null>(null)
  const health = createStore<TagHealth[]>([])
  const alarms = createStore<Alarm[]>([])
  const connection = createStore<ConnectionState | null>(null)
  const maintenance = createStore<MaintenanceEntry[]>([])
  const samples = createSampleStore()

  // An event newer than a pending list answer wins: count events per store.
  const generation = { tags: 0, connection: 0, health: 0 }
  /** The host's alarm list, by id, as its last answer and the changes since made it. */
  let alarmList = new Map<string, Alarm>()
  let trendPens: readonly number[] = []
  // Bumped when history is dropped: an answer asked for before may be about moved indexes.
  let historyEpoch = 0

  /** Returns whether the indexes moved, which drops all history. */
  const setTags = (next: TagInfo[]): boolean => {
    // Values that came before the first tag list (a host's snapshot on connect) are kept;
    // only a list whose indexes moved makes the history meaningless.
    const previous = new Map(tags.get().map((tag) => [tag.index, tag.name]))
    const moved = next.some((tag) => previous.has(tag.index) && previous.get(tag.index) !== tag.name)
    if (moved) {
      samples.clear()
      historyEpoch++
    }
    tags.set(next)
    return moved
  }

  const disposers = [
    client.on('samples:batch', (batch) => samples.ingest(batch)),
    client.on('tags:changed', (next) => {
      generation.tags++
      if (setTags(next)) void loadHistory(trendPens)
    }),
    client.on('alarms:changed', (change) => alarms.set(sortAlarms([...applyAlarmListChange(alarmList, change).values()]))),
    client.on('connection:changed', (next) => {
      generation.connection++
      connection.set(next)
    }),
    // A connection going live has handed its warm start's history to the core, not to this screen,
    // and the server's first value of each tag repeats that history: a tag that holds still (a
    // Running flag) would stay without a value if the snapshot was read before.
    client.on('connections:changed', (next) => {
      if (next.status === 'connected') void restoreSnapshot()
    }),
    client.on('tags:health', (next) => {
      generation.health++
      health.set(next)
    }),
    client.on('maintenance:added', (entry) => maintenance.set(mergeEntries(maintenance.get(), [entry]))),
    client.on('maintenance:updated', (entry) => maintenance.set(mergeEntries(maintenance.get(), [entry]))),
    client.on('session:changed', (next) => setSession(next))
  ]

  const whenOk = <K extends CommandName>(result: Result<Output<K>>, apply: (data: Output<K>) => void): void => {
    if (result.ok) apply(result.data)
    else if (result.error.code !== 'unavailable') console.warn(`plantwatch: ${result.error.message}`)
  }

  /** A session that may now see the plant (a sign-in) reloads what the host held back before. */
  function setSession(next: SessionState): void {
    const couldView = session.get()?.canView === true
    session.set(next)
    if (next.canView && !couldView) void refresh()
  }

  async function refresh(): Promise<void> {
    const state = await client.invoke('session:get', undefined)
    if (!state.ok) return
    session.set(state.data)
    // The host sends nothing about the plant to a session nobody signed in on.
    if (!state.data.canView) return
    const seen = { ...generation }
    // The list is taken the moment its answer arrives: the host reads it and answers within one
    // turn, so the changes that came before the answer are in it and those after it are newer.
    // Held until the other answers, it would undo the changes that came in between.
    const listed = client.invoke('alarms:list', undefined).then((result) =>
      whenOk<'alarms:list'>(result, (data) => {
        alarmList = new Map(data.map((alarm) => [alarm.id, alarm]))
        alarms.set(sortAlarms(data))
      })
    )
    const [tagList, , link, entries, snapshot, tagHealth] = await Promise.all([
      client.invoke('tags:list', undefined),
      listed,
      client.invoke('connection:get', undefined),
      client.invoke('maintenance:list', { limit: MAINTENANCE_ENTRIES_SHOWN }),
      client.invoke('samples:snapshot', undefined),
      client.invoke('tags:health', undefined)
    ])
    whenOk<'tags:list'>(tagList, (data) => seen.tags === generation.tags && setTags(data))
    whenOk<'connection:get'>(link, (data) => seen.connection === generation.connection && connection.set(data))
    whenOk<'tags:health'>(tagHealth, (data) => seen.health === generation.health && health.set(data))
    whenOk<'maintenance:list'>(entries, (data) => maintenance.set(mergeEntries(maintenance.get(), data)))
    // Tags that hold still are never sent again; the snapshot gives them a value.
    whenOk<'samples:snapshot'>(snapshot, (data) => samples.restore(data, Date.now()))
    // Asked after the tag list is in, so the pens' indexes are current.
    await loadHistory(trendPens)
  }

  async function restoreSnapshot(): Promise<void> {
    if (session.get()?.canView !== true) return
    whenOk<'samples:snapshot'>(await client.invoke('samples:snapshot', undefined), (data) => samples.restore(data, Date.now()))
  }

  /** Puts the trend window's history of `tagIndexes`, from the historian, in front of what the rings hold. */
  async function loadHistory(tagIndexes: readonly number[]): Promise<void> {
    if (tagIndexes.length === 0 || transport.link.get().status !== 'open') return
    const epoch = historyEpoch
    const known = tags.get()
    const wanted = known.filter((tag) => tagIndexes.includes(tag.index)).slice(0, MAX_HISTORY_TAGS)
    if (wanted.length === 0) return
    const now = Date.now()
    const history = await client.invoke('history:query', {
      tags: wanted.map((tag) => tag.name),
      from: now - TREND_WINDOW_MS,
      to: now + 1,
      maxPoints: TREND_HISTORY_MAX_SAMPLES,
      mode: 'raw'
    })
    whenOk<'history:query'>(history, (series) => {
      if (epoch !== historyEpoch) return
      const indexOf = new Map(tags.get().map((tag) => [tag.name, tag.index]))
      samples.backfill(
        series.flatMap((s) => {
          const tagIndex = indexOf.get(s.tag)
          return tagIndex === undefined || s.mode !== 'raw' ? [] : [{ tagIndex, t: s.t, value: s.value, status: s.status }]
        })
      )
    })
  }

  let wasOpen = false
  const onLink = (): void => {
    const open = transport.link.get().status === 'open'
    if (open && !wasOpen) void refresh()
    if (!open && wasOpen) samples.markStale(Date.now())
    wasOpen = open
  }
  disposers.push(transport.link.subscribe(onLink))
  onLink()

  return {
    client,
    transport,
    tags,
    session,
    setSession,
    health,
    alarms,
    connection,
    maintenance,
    addMaintenanceEntries: (entries) => maintenance.set(mergeEntries(maintenance.get(), entries)),
    samples,
    setTrendPens(tagIndexes) {
      const added = tagIndexes.filter((index) => !trendPens.includes(index))
      trendPens = [...tagIndexes]
      samples.keep(trendPens)
      // Pens that stay already have their history, and live values since.
      void loadHistory(added)
    },
    dispose() {
      for (const dispose of disposers) dispose()
      transport.dispose()
    }
  }
}
