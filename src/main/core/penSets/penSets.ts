import type { CommandHandlers, PenSet } from '../../../shared/contract'
import { ContractFailure } from '../contractDispatch'
import type { PlantDatabase } from '../storage/plantDatabase'

/** Most pen sets one user keeps: a picker longer than this is not read. */
export const PEN_SETS_PER_USER_MAX = 50

/** Trend pen sets, per user, in the plant database (`pen_sets`, keyed by user and name). */
export interface PenSetStore {
  /** The user's sets, by name. */
  list(user: string): PenSet[]
  /**
   * Saves `set` for `user`, replacing one of the same name.
   * @throws ContractFailure `invalid-input` when the user already has {@link PEN_SETS_PER_USER_MAX} other sets.
   */
  save(user: string, set: Omit<PenSet, 'savedAt'>): PenSet
}

export function createPenSetStore(db: PlantDatabase, clock: () => number): PenSetStore {
  const select = db.prepare('SELECT name, tags, saved_at FROM pen_sets WHERE user_name = ? ORDER BY name')
  const count = db.prepare('SELECT count(*) AS n FROM pen_sets WHERE user_name = ? AND name <> ?')
  const upsert = db.prepare(
    'INSERT INTO pen_sets (user_name, name, tags, saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_name, name) DO UPDATE SET tags = excluded.tags, saved_at = excluded.saved_at'
  )
  return {
    list(user) {
      return (select.all(user) as { name: string; tags: string; saved_at: number }[]).map((row) => ({
        name: row.name,
        tags: JSON.parse(row.tags) as string[],
        savedAt: row.saved_at
      }))
    },
    save(user, set) {
      const others = (count.get(user, set.name) as { n: number }).n
      if (others >= PEN_SETS_PER_USER_MAX) {
        throw new ContractFailure('invalid-input', `pensets:save: ${user} already has ${others} pen sets (at most ${PEN_SETS_PER_USER_MAX}); reuse a name`)
      }
      const saved: PenSet = { name: set.name, tags: [...set.tags], savedAt: clock() }
      upsert.run(user, saved.name, JSON.stringify(saved.tags), saved.savedAt)
      return saved
    }
  }
}

const signedIn = (user: { name: string } | null, channel: string): string => {
  if (!user) throw new ContractFailure('forbidden', `${channel}: pen sets belong to a user; sign in first`)
  return user.name
}

/** Pen sets of the signed-in user; saving is audited. */
export function createPenSetHandlers(store: PenSetStore): Pick<CommandHandlers, 'pensets:list' | 'pensets:save'> {
  return {
    'pensets:list': async (_input, ctx) => store.list(signedIn(ctx.user, 'pensets:list')),
    'pensets:save': async (input, ctx) => {
      const user = signedIn(ctx.user, 'pensets:save')
      return ctx.transact(() => store.save(user, input))
    }
  }
}
