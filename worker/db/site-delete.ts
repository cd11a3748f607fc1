/**
 * Deleting a site in bounded steps. At once, in one batch with the `delete-site` job: the site is marked
 * deleted and suspended (ingest refused, the operator no longer lists or finds it), every key revoked
 * (the API and app sessions answer 401), and its other unfinished jobs stopped. Then each step deletes
 * at most SITE_DELETE_STEP_ROWS of its rows, table by table (the tables without a foreign key to cascade
 * from first), and the last deletes the site row itself, which cascades to what is left (the job too).
 */
import { JOB_KINDS } from '../../schema/tables'

/** Rows one step deletes at most (plus the site row and its cascade at the end). */
export const SITE_DELETE_STEP_ROWS = 5_000

/** Every table with a `site_id`, in deletion order: children before the rows they point at. */
const TABLES = ['events', 'alerts', 'stage_transitions', 'visitors', 'leads', 'audit_log', 'api_keys', 'scoring_models'] as const

/**
 * The statements that make a site unreadable at once (for the batch that creates its deletion job).
 * @example
 * const writes = markSiteDeleted(env.DB, siteId, Date.now())
 */
export function markSiteDeleted(d1: D1Database, siteId: string, now: number): D1PreparedStatement[] {
  const others = JOB_KINDS.filter((k) => k !== 'delete-site')
  return [
    d1.prepare('update sites set deleted_at = ?2, suspended_at = coalesce(suspended_at, ?2) where id = ?1 and deleted_at is null').bind(siteId, now),
    d1.prepare('update api_keys set revoked_at = ?2 where site_id = ?1 and revoked_at is null').bind(siteId, now),
    d1
      .prepare(
        `update jobs set status = 'failed', error = 'site deleted', lease_until = null, updated_at = ?2, version = version + 1
         where site_id = ?1 and kind in (select value from json_each(?3)) and status in ('queued', 'running')`,
      )
      .bind(siteId, now, JSON.stringify(others)),
  ]
}

/**
 * How many rows the site has in the tables a deletion walks (the job's total), in one query.
 * @example
 * const total = await siteRowCount(env.DB, siteId)
 */
export async function siteRowCount(d1: D1Database, siteId: string): Promise<number> {
  const r = await d1.prepare(`select ${TABLES.map((t) => `(select count(*) from ${t} where site_id = ?1)`).join(' + ')} as n`).bind(siteId).first<{ n: number }>()
  return r?.n ?? 0
}

/**
 * One step: the rowids of up to SITE_DELETE_STEP_ROWS of the site's rows, from table `from` on (one
 * query per table looked at), and their DELETEs; `last` when no row is left after them, with the site
 * row's DELETE added.
 * @example
 * const { writes, count, next, last } = await siteDeleteStep(env.DB, siteId, state.table)
 */
export async function siteDeleteStep(d1: D1Database, siteId: string, from: number): Promise<{ writes: D1PreparedStatement[]; count: number; next: number; last: boolean }> {
  const writes: D1PreparedStatement[] = []
  let count = 0
  let t = from
  for (; t < TABLES.length; t++) {
    const room = SITE_DELETE_STEP_ROWS - count
    if (room <= 0) break
    const r = await d1.prepare(`select rowid as r from ${TABLES[t]} where site_id = ?1 limit ?2`).bind(siteId, room).all<{ r: number }>()
    const ids = r.results.map((x) => x.r)
    if (ids.length) writes.push(d1.prepare(`delete from ${TABLES[t]} where rowid in (select value from json_each(?1))`).bind(JSON.stringify(ids)))
    count += ids.length
    if (ids.length === room) break // this table may have more: the next step starts here
  }
  const last = t >= TABLES.length
  if (last) writes.push(d1.prepare('delete from sites where id = ?1').bind(siteId))
  return { writes, count, next: Math.min(t, TABLES.length), last }
}
