/**
 * Erasing a person (GDPR art. 17): every row about the lead, in one D1 batch (all or nothing) — the
 * lead, its visitors (devices), their events (by lead and by visitor, so anonymous events from before
 * they identified go too), its stage transitions and its alerts (outbox rows with their payloads).
 * Other leads' alert payloads name colleagues of the same account: the person is cut out of those too.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import { alerts, events, leads, stageTransitions, visitors } from '../../schema/tables'
import type { Db } from './client'

/**
 * Erases lead `id` of the site. False when the site has no such lead.
 * @example
 * if (!(await eraseLead(db, siteId, 'ld_…'))) throw new ProblemError(404, 'no such lead')
 */
export async function eraseLead(db: Db, siteId: string, id: string): Promise<boolean> {
  const lead = await db.select({ email: leads.email }).from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).get()
  if (!lead) return false
  const mentions = and(eq(alerts.siteId, siteId), ne(alerts.leadId, id), sql`instr(${alerts.payload}, ${lead.email}) > 0`)
  const devices = db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId)))
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
    db.delete(events).where(and(eq(events.siteId, siteId), inArray(events.visitorId, devices))),
    db.delete(events).where(and(eq(events.siteId, siteId), eq(events.leadId, id))),
    db.delete(alerts).where(eq(alerts.leadId, id)),
    db.delete(stageTransitions).where(eq(stageTransitions.leadId, id)),
    db.delete(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId))),
    db.delete(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))),
  ])
  return true
}
