/**
 * Erasing a person (GDPR art. 17): every row about the lead, in one D1 batch (all or nothing) — the
 * lead, its events (the ones that carry its id, and the anonymous ones on its own devices), the
 * devices only it used, its stage transitions and its alerts (outbox rows with their payloads). Scoped
 * by the lead's own links: a browser another person also identified on keeps that person's events and
 * stays (unlinked). Other leads' alert payloads name colleagues of the same account: the person is cut
 * out of those too. The audit entry counts what went, naming neither the person nor the lead id.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import { alerts, events, leads, stageTransitions, visitors } from '../../schema/tables'
import { type Actor, auditEntry } from './audit'
import type { Db } from './client'

/** What an erasure removed. */
export interface Erased {
  leads: number
  visitors: number
}

/**
 * Erases lead `id` of the site. False when the site has no such lead.
 * @example
 * if (!(await eraseLead(db, siteId, 'ld_…', actorOf(c), Date.now()))) throw new ProblemError(404, 'no such lead')
 */
export async function eraseLead(db: Db, siteId: string, id: string, who: Actor, now: number, via = 'lead id'): Promise<boolean> {
  const lead = await db.select({ id: leads.id, email: leads.email }).from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).get()
  if (!lead) return false
  const devices = await db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId)))
  await db.batch([
    ...leadStatements(db, siteId, lead),
    auditEntry(db, { siteId, who, action: 'lead.erase', summary: { via, erased: { leads: 1, visitors: devices.length } }, at: now }),
  ])
  return true
}

/**
 * Erases the lead with this (normalised) email, and the address wherever else a payload holds it.
 * @example
 * await eraseByEmail(db, siteId, 'jane@acme.com', actorOf(c), Date.now()) // { leads: 1, visitors: 2 }
 */
export async function eraseByEmail(db: Db, siteId: string, email: string, who: Actor, now: number): Promise<Erased> {
  const lead = await db.select({ id: leads.id }).from(leads).where(and(eq(leads.siteId, siteId), eq(leads.email, email))).get()
  if (lead) {
    const devices = await db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, lead.id), eq(visitors.siteId, siteId)))
    await db.batch([
      ...leadStatements(db, siteId, { id: lead.id, email }),
      auditEntry(db, { siteId, who, action: 'erasure', summary: { via: 'email', erased: { leads: 1, visitors: devices.length } }, at: now }),
    ])
    return { leads: 1, visitors: devices.length }
  }
  await db.batch([
    ...mentionStatements(db, siteId, null, email),
    auditEntry(db, { siteId, who, action: 'erasure', summary: { via: 'email', erased: { leads: 0, visitors: 0 } }, at: now }),
  ])
  return { leads: 0, visitors: 0 }
}

/**
 * Erases one browser by the snippet's visitor id: the visitor row and its anonymous events. Events a
 * lead identified on it stay that lead's (erase the lead by email or id for those); the lead linked to
 * it, if any, is returned so the caller can.
 * @example
 * await eraseVisitor(db, siteId, 'v_abc', actorOf(c), Date.now()) // { visitors: 1, linkedLeadId: null }
 */
export async function eraseVisitor(db: Db, siteId: string, vid: string, who: Actor, now: number): Promise<{ visitors: number; linkedLeadId: string | null }> {
  const v = await db.select({ id: visitors.id, leadId: visitors.leadId }).from(visitors).where(and(eq(visitors.siteId, siteId), eq(visitors.vid, vid))).get()
  const n = v ? 1 : 0
  await db.batch([
    db.delete(events).where(and(eq(events.siteId, siteId), eq(events.visitorId, v?.id ?? ''), isNull(events.leadId))),
    db.delete(visitors).where(and(eq(visitors.siteId, siteId), eq(visitors.id, v?.id ?? ''))),
    auditEntry(db, { siteId, who, action: 'erasure', summary: { via: 'visitorId', erased: { leads: 0, visitors: n } }, at: now }),
  ])
  return { visitors: n, linkedLeadId: v?.leadId ?? null }
}

function leadStatements(db: Db, siteId: string, lead: { id: string; email: string }) {
  const id = lead.id
  const devices = db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId)))
  // a device another lead also identified on: its events there are that person's, and it stays theirs
  const shared = sql`exists (select 1 from ${events} o where o.visitor_id = ${visitors.id} and o.lead_id is not null and o.lead_id <> ${id})`
  return [
    ...mentionStatements(db, siteId, id, lead.email),
    db.delete(events).where(and(eq(events.siteId, siteId), inArray(events.visitorId, devices), isNull(events.leadId))),
    db.delete(events).where(and(eq(events.siteId, siteId), eq(events.leadId, id))),
    db.delete(alerts).where(eq(alerts.leadId, id)),
    db.delete(stageTransitions).where(eq(stageTransitions.leadId, id)),
    db.update(visitors).set({ leadId: null }).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId), shared)),
    db.delete(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId))),
    db.delete(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))),
  ] as const
}

/** The person as a colleague in other leads' alerts (AlertContext.account.people), and anywhere else a payload names the address. */
function mentionStatements(db: Db, siteId: string, id: string | null, email: string) {
  const mentions = and(eq(alerts.siteId, siteId), id ? ne(alerts.leadId, id) : undefined, sql`instr(${alerts.payload}, ${email}) > 0`)
  return [
    db
      .update(alerts)
      .set({
        payload: sql`json_set(${alerts.payload}, '$.account.people',
          (select json_group_array(json(p.value)) from json_each(${alerts.payload}, '$.account.people') p
           where json_extract(p.value, '$.email') is not ${email}))`,
      })
      .where(and(mentions, sql`json_type(${alerts.payload}, '$.account.people') = 'array'`)),
    db.update(alerts).set({ payload: sql`replace(${alerts.payload}, ${email}, '[erased]')` }).where(mentions),
  ] as const
}
