/**
 * Erasing a person (GDPR art. 17). At once, in one D1 batch (all or nothing): the lead, its visitors
 * (devices), its stage transitions and its alerts (outbox rows with their payloads) are deleted, other
 * leads' alert payloads and jobs' findings lose the person — so nothing the API or an alert can read
 * names them any more. Their events (by lead and by visitor, so anonymous events from before they
 * identified go too), which may be tens of thousands of rows, are deleted by an `erase` job in the same
 * batch, in bounded steps, within minutes.
 */
import { and, eq, ne, sql } from 'drizzle-orm'
import { alerts, jobs, leads, stageTransitions, visitors } from '../../schema/tables'
import { type Db, newId } from './client'

/**
 * Erases lead `id` of the site; its events are left to the returned job. Null when the site has no such lead.
 * @example
 * const erased = await eraseLead(db, siteId, 'ld_…', Date.now()) // null: no such lead
 */
export async function eraseLead(db: Db, siteId: string, id: string, now: number): Promise<{ jobId: string } | null> {
  const lead = await db.select({ email: leads.email }).from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).get()
  if (!lead) return null
  const owned = await db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId)))
  const jobId = newId('job')
  const left = db.$client
    .prepare('select count(*) as n from events where lead_id = ?1 or visitor_id in (select value from json_each(?2))')
    .bind(id, JSON.stringify(owned.map((v) => v.id)))
  const total = (await left.first<{ n: number }>())?.n ?? 0
  const mentions = and(eq(alerts.siteId, siteId), ne(alerts.leadId, id), sql`instr(${alerts.payload}, ${lead.email}) > 0`)
  await db.batch([
    // the person as a colleague in other leads' alerts (AlertContext.account.people)
    db
      .update(alerts)
      .set({
        payload: sql`json_set(${alerts.payload}, '$.account.people',
          (select json_group_array(json(p.value)) from json_each(${alerts.payload}, '$.account.people') p
           where json_extract(p.value, '$.email') is not ${lead.email}))`,
      })
      .where(and(mentions, sql`json_type(${alerts.payload}, '$.account.people') = 'array'`)),
    // anywhere else the address may still appear in a payload
    db.update(alerts).set({ payload: sql`replace(${alerts.payload}, ${lead.email}, '[erased]')` }).where(mentions),
    // the events go in bounded steps (erase job): ids only, no personal data, dropped when it is done
    db.insert(jobs).values({ id: jobId, siteId, kind: 'erase', total, state: { leadId: id, visitors: owned.map((v) => v.id) }, createdAt: now, updatedAt: now }),
    // a dry run's or rescore's findings list stage changes by lead id and email
    db
      .update(jobs)
      .set({
        state: sql`replace(replace(${jobs.state}, ${lead.email}, '[erased]'), ${id}, '[erased]')`,
        result: sql`replace(replace(${jobs.result}, ${lead.email}, '[erased]'), ${id}, '[erased]')`,
      })
      .where(and(eq(jobs.siteId, siteId), sql`(instr(${jobs.state}, ${lead.email}) > 0 or instr(coalesce(${jobs.result}, ''), ${lead.email}) > 0)`)),
    db.delete(alerts).where(eq(alerts.leadId, id)),
    db.delete(stageTransitions).where(eq(stageTransitions.leadId, id)),
    db.delete(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId))),
    db.delete(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))),
  ])
  return { jobId }
}

/** Events an erase step deletes. */
export const ERASE_STEP_EVENTS = 500

/**
 * One erasure step: the ids of up to ERASE_STEP_EVENTS events of the erased lead or its devices, and the
 * DELETE of exactly those (idempotent: a repeated step deletes nothing twice).
 * @example
 * const { count, writes } = await eraseEventsStep(env.DB, 'ld_…', ['vi_…'])
 */
export async function eraseEventsStep(d1: D1Database, leadId: string, visitorIds: string[]): Promise<{ count: number; writes: D1PreparedStatement[] }> {
  const r = await d1
    .prepare('select id from events where lead_id = ?1 or visitor_id in (select value from json_each(?2)) limit ?3')
    .bind(leadId, JSON.stringify(visitorIds), ERASE_STEP_EVENTS)
    .all<{ id: number }>()
  const ids = r.results.map((x) => x.id)
  if (ids.length === 0) return { count: 0, writes: [] }
  return { count: ids.length, writes: [d1.prepare('delete from events where id in (select value from json_each(?1))').bind(JSON.stringify(ids))] }
}
