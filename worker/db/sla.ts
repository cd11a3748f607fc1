/**
 * SQL leads that waited past their site's `sales_sla_hours` after their alert (its outbox row's time), with no reminder yet.
 * The reminder's outbox rows use the transition id + ".sla" as their transition, so the unique
 * (transition_id, channel) index makes the reminder exist at most once per channel whatever races.
 */
import { inArray } from 'drizzle-orm'
import { sites } from '../../schema/tables'
import type { Db, SiteRow } from './client'

/** Reminders one scheduled run queues at most (each costs a send per channel). */
export const SLA_BATCH = 10

/** One overdue SQL lead: the transition it was alerted for, when, and what that alert said. */
export interface OverdueSql {
  transitionId: string
  leadId: string
  siteId: string
  sqlAt: number
  /** when the alert went: what the SLA counts from */
  alertedAt: number
  payload: unknown
}

/** The transition id a reminder's outbox rows carry. */
export const reminderTransitionId = (transitionId: string) => `${transitionId}.sla`

/** The stage transition an outbox row is about: its own, or, for a reminder, the one it reminds of. */
export const alertedTransitionId = (rowTransitionId: string) => rowTransitionId.replace(/\.sla$/, '')

// leads_site_stage_sql makes the inner scan "this site's SQL leads older than its SLA"; the alerts
// lookups go through the unique (transition_id, channel) index
// The SLA runs from the alert, not from sql_at: sql_at is when the lead's events qualified it, which
// may be earlier (events sent late), and sales cannot answer before they are told. An alert is never
// older than its transition, so sql_at past the SLA stays a valid first cut.
const OVERDUE = `
select y.* from (
  select x.*, (select min(a.created_at) from alerts a where a.transition_id = x.transition_id) as alerted_at from (
    select l.id as lead_id, l.site_id, l.sql_at, s.sales_sla_hours,
      (select t.id from stage_transitions t where t.lead_id = l.id and t.to_stage = 'sql' and t.at = l.sql_at order by t.epoch desc limit 1) as transition_id
    from sites s join leads l on l.site_id = s.id and l.stage = 'sql' and l.sql_at <= ?1 - s.sales_sla_hours * 3600000
    where s.sales_sla_hours is not null and s.deleted_at is null
  ) x
  where x.transition_id is not null
    and not exists (select 1 from alerts a where a.transition_id = x.transition_id || '.sla')
) y
where y.alerted_at <= ?1 - y.sales_sla_hours * 3600000
order by y.alerted_at limit ?2`

/**
 * Overdue SQL leads as of `now` (only those that were alerted: a lead a model change or an import made
 * SQL was never handed to sales), oldest first, with their original alert's payload.
 * @example
 * const { due, sites } = await overdueSqls(db, controller.scheduledTime)
 * for (const o of due) queueReminder(o, sites.get(o.siteId))
 */
export async function overdueSqls(db: Db, now: number, limit = SLA_BATCH): Promise<{ due: OverdueSql[]; sites: Map<string, SiteRow> }> {
  const d1 = db.$client
  const { results } = await d1.prepare(OVERDUE).bind(now, limit).all<{ lead_id: string; site_id: string; sql_at: number; alerted_at: number; transition_id: string }>()
  if (results.length === 0) return { due: [], sites: new Map() }
  const payloads = await d1.batch<{ payload: string }>(
    results.map((r) => d1.prepare('select payload from alerts where transition_id = ? order by created_at limit 1').bind(r.transition_id)),
  )
  const siteRows = await db.select().from(sites).where(inArray(sites.id, [...new Set(results.map((r) => r.site_id))]))
  return {
    due: results.map((r, i) => ({
      transitionId: r.transition_id,
      leadId: r.lead_id,
      siteId: r.site_id,
      sqlAt: r.sql_at,
      alertedAt: r.alerted_at,
      payload: payloads[i].results[0] ? JSON.parse(payloads[i].results[0].payload) : null,
    })),
    sites: new Map(siteRows.map((s) => [s.id, s])),
  }
}
