/**
 * Retention: every personal datum a site stores has a period, after which the cron removes it (or, for
 * a row that must stay as a record, the personal part of it):
 *
 * | datum | period | what happens |
 * |---|---|---|
 * | raw events | the site's `retention_days` after the event | deleted |
 * | anonymous visitors (never linked to a lead) | `retention_days` after last seen | deleted, with any event left |
 * | alert payload copies (name, email, pages of the lead) | ALERT_PAYLOAD_DAYS after the alert, once settled | replaced by `{ stage, purgedAt }` |
 * | stage transitions' free-text `reason` | `retention_days` after the change | set to null |
 *
 * Scores and breakdowns are stored on the lead (DecayState + breakdown), so they survive the purge;
 * only a later full rescore (after a model change) would no longer see the purged history. Leads
 * themselves stay until erased: they are the record the site keeps on purpose.
 */
import type { Env } from '../env'
import { DAY_MS } from '../scoring/time'

/**
 * Rows one statement touches at most, and at most per site within it: every cron run (each minute) runs
 * one statement per period of the table above (PURGE_MAX_CHUNKS), so a run stays a fixed handful of D1
 * queries however large the backlog, and no site's backlog holds up another's purge (sites are taken in
 * a random order, each up to its share). A backlog drains over the following runs.
 */
export const PURGE_CHUNK = 1000
export const PURGE_PER_SITE = 500
export const PURGE_MAX_CHUNKS = 1
/** Days an alert's copy of the lead is kept once the alert is settled (long enough to investigate a delivery). */
export const ALERT_PAYLOAD_DAYS = 30

type Opts = { chunk?: number; maxChunks?: number; perSite?: number }

/**
 * The ids of rows of `table` due for purge, up to `?2` in all and `?3` per site, sites in random order:
 * `due` is the condition on the row (aliased `x`) with `s.retention_days` and `?1` (now) in scope;
 * `from` is the inner query's from-clause, open for `due` (by default the site's rows of `table`).
 */
// `limit -1` keeps the random order: without it SQLite flattens the subquery and drops its ORDER BY
function fairly(table: string, due: string, from = `${table} x where x.site_id = s.id and`): string {
  return `select x_ids.id from (select id, retention_days from sites order by random() limit -1) s
    join ${table} x_ids on x_ids.id in (select x.id from ${from} ${due} limit ?3) limit ?2`
}

async function drain(bind: (limit: number, perSite: number) => D1PreparedStatement, opts: Opts): Promise<number> {
  const chunk = opts.chunk ?? PURGE_CHUNK
  const maxChunks = opts.maxChunks ?? PURGE_MAX_CHUNKS
  const perSite = opts.perSite ?? PURGE_PER_SITE
  let done = 0
  for (let i = 0; i < maxChunks; i++) {
    const n = (await bind(chunk, perSite).run()).meta.changes ?? 0
    done += n
    if (n < chunk) break
  }
  return done
}

const cutoff = `?1 - s.retention_days * ${DAY_MS}`

const anonDue = `x.lead_id is null and x.last_seen_at < ${cutoff}`

/**
 * The SQL of each purge, bound as (now, limit, per site). Exported for the query-plan test: each must
 * reach its rows through an index range, never by walking all of a site's rows.
 */
export const PURGE_SQL = {
  events: `delete from events where id in (${fairly('events', `x.at < ${cutoff}`)})`,
  // From the due visitors (visitors_anon_seen, a partial index) to their events (events_visitor_eid):
  // walking the site's events instead read every one of them, each run (≈ 300,000 rows on the bench's D1).
  anonEvents: `delete from events where id in (${fairly(
    'events',
    `v.site_id = s.id and v.lead_id is null and v.last_seen_at < ${cutoff}`,
    'visitors v cross join events x on x.visitor_id = v.id where',
  )})`,
  anonVisitors: `delete from visitors where id in (${fairly('visitors', `${anonDue} and not exists (select 1 from events e where e.visitor_id = x.id)`)})`,
  payloads: `update alerts set payload = json_object('stage', json_extract(payload, '$.stage'), 'purgedAt', ?1)
     where id in (${fairly('alerts', `x.status not in ('pending', 'sending') and x.created_at < ?1 - ${ALERT_PAYLOAD_DAYS * DAY_MS} and json_extract(x.payload, '$.purgedAt') is null`)})`,
  reasons: `update stage_transitions set reason = null where id in (${fairly('stage_transitions', `x.reason is not null and x.at < ${cutoff}`)})`,
}

/**
 * Deletes events past each site's retention, bounded per call (see PURGE_CHUNK); each site's rows are
 * found on `events_site_at` with that site's own cut-off.
 * @example
 * ctx.waitUntil(purgeExpiredEvents(env, Date.now()))
 */
export async function purgeExpiredEvents(env: Pick<Env, 'DB'>, now: number, opts: Opts = {}): Promise<{ deleted: number }> {
  const stmt = env.DB.prepare(PURGE_SQL.events)
  return { deleted: await drain((limit, perSite) => stmt.bind(now, limit, perSite), opts) }
}

/**
 * Every period of the table above, each bounded per call like purgeExpiredEvents: one cron run is at
 * most five statements. An anonymous visitor goes once its events have (the run before, or just before).
 * @example
 * ctx.waitUntil(purgeExpired(env, Date.now()))
 */
export async function purgeExpired(env: Pick<Env, 'DB'>, now: number, opts: Opts = {}) {
  const events = (await purgeExpiredEvents(env, now, opts)).deleted
  const run = (sql: string) => {
    const stmt = env.DB.prepare(sql)
    return drain((l, p) => stmt.bind(now, l, p), opts)
  }
  const visitorEvents = await run(PURGE_SQL.anonEvents)
  const visitors = await run(PURGE_SQL.anonVisitors)
  const alertPayloads = await run(PURGE_SQL.payloads)
  const transitionReasons = await run(PURGE_SQL.reasons)
  return { events: events + visitorEvents, visitors, alertPayloads, transitionReasons }
}
