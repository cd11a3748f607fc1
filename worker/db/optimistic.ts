/**
 * Optimistic concurrency on D1, which has batches but no interactive transactions: a write batch starts
 * with one guard statement asserting that the rows it was decided on are unchanged; a lost race makes the
 * CHECK on `write_guards` fail, D1 rolls the whole batch back, and the writer re-reads and re-decides.
 */
import { getTableName, type Table } from 'drizzle-orm'
import { isConstraintError } from './client'

/** One condition of a guard: SQL text with `?` placeholders and their values. */
export interface GuardCondition {
  sql: string
  binds: unknown[]
}

/**
 * The row `id` of `table` still has the `version` that was read. A row deleted meanwhile (an erasure)
 * fails it too: a CHECK lets NULL through, hence the coalesce.
 * @example
 * versionIs(leads, lead.id, lead.version)
 */
export function versionIs(table: Table, id: string, version: number | null): GuardCondition {
  return { sql: `coalesce((select version from ${getTableName(table)} where id = ?), -1) = ?`, binds: [id, version] }
}

/**
 * No row of `table` matches `where` yet (the row this batch inserts was not inserted by a racing writer).
 * @example
 * noRowYet(leads, 'site_id = ? and email = ?', [siteId, email])
 */
export function noRowYet(table: Table, where: string, binds: unknown[]): GuardCondition {
  return { sql: `not exists (select 1 from ${getTableName(table)} where ${where})`, binds }
}

/**
 * The guard statement: put it first in a batch; the batch fails (constraint error) unless every condition
 * still holds.
 * @example
 * await env.DB.batch([guardStatement(env.DB, [versionIs(leads, id, v)]), ...writes])
 */
export function guardStatement(d1: D1Database, conditions: readonly GuardCondition[]): D1PreparedStatement {
  return d1
    .prepare(`insert into write_guards (id, ok) values (1, ${conditions.map((c) => c.sql).join(' and ')}) on conflict (id) do update set ok = excluded.ok`)
    .bind(...conditions.flatMap((c) => c.binds))
}

/**
 * How many times a write that lost a race is re-read and re-applied before giving up. Twelve covers a
 * dozen tabs of one visitor writing at once.
 */
export const WRITE_ATTEMPTS = 12

/**
 * Runs `attempt` (read, decide, write one guarded batch) until it does not lose a race, waiting a random
 * few milliseconds between tries so writers that collided do not collide again in lockstep. After
 * WRITE_ATTEMPTS lost races it throws what `giveUp` returns (each caller answers in its own terms).
 * Any other error passes through at once.
 * @example
 * const out = await retryLostRaces((n) => writeOnce(n), () => new ProblemError(409, 'try again'))
 */
export async function retryLostRaces<T>(attempt: (n: number) => Promise<T>, giveUp: () => Error): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (err) {
      if (!isConstraintError(err)) throw err
      if (n >= WRITE_ATTEMPTS) throw giveUp()
      await new Promise((r) => setTimeout(r, Math.random() * 10 * n))
    }
  }
}
