import { drizzle } from 'drizzle-orm/d1'
import * as schema from '../../schema/tables'

const make = (d1: D1Database) => drizzle(d1, { schema })
/**
 * Clients by binding: making one walks the whole schema (drizzle's relational config), about a twentieth
 * of an ingest request's CPU, and the binding is the same object for every request of an isolate. A
 * client holds no per-request state (D1 has no open transactions), so sharing it is safe.
 */
const clients = new WeakMap<D1Database, ReturnType<typeof make>>()

/**
 * A drizzle client over the D1 binding (one per binding, made on first use).
 * @example
 * const db = database(env.DB)
 * await db.select().from(schema.sites)
 */
export function database(d1: D1Database): ReturnType<typeof make> {
  let db = clients.get(d1)
  if (!db) {
    db = make(d1)
    clients.set(d1, db)
  }
  return db
}
export type Db = ReturnType<typeof make>

export type SiteRow = typeof schema.sites.$inferSelect
export type LeadRow = typeof schema.leads.$inferSelect
export type VisitorRow = typeof schema.visitors.$inferSelect
export type EventRow = typeof schema.events.$inferSelect
export type AlertRow = typeof schema.alerts.$inferSelect
export type TransitionRow = typeof schema.stageTransitions.$inferSelect

/**
 * Short random ids with a type prefix (`ld_…`, `vi_…`): readable in logs, unguessable.
 * @example
 * newId('ld') // "ld_3kq9…"
 */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15))
  let s = ''
  for (const b of bytes) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]
  return `${prefix}_${s}`
}

/** Whether a D1 error is a constraint failure (a lost race), as opposed to a real fault. */
export const isConstraintError = (err: unknown): boolean =>
  /constraint failed|SQLITE_CONSTRAINT/i.test(String((err as Error)?.message ?? err))
