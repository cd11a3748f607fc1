/**
 * Erasing a person (GDPR art. 17). At once, in one D1 batch (all or nothing): the lead, the devices only it
 * used, its stage transitions and its alerts (outbox rows with their payloads) are deleted, and other
 * leads' alert payloads and jobs' findings lose the person — so nothing the API or an alert can read names
 * them any more. Scoped by the lead's own links: a browser another person also identified on keeps that
 * person's events and stays (unlinked). The person's events (the ones that carry its id, and the anonymous
 * ones on its devices) go in the same batch when they fit one step; beyond that an `erase` job deletes them
 * in bounded steps, within minutes. The audit entry counts what went, naming neither the person nor the
 * lead id.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import { alerts, events, jobs, leads, stageTransitions, visitors } from '../../schema/tables'
import { type Actor, auditEntry } from './audit'
import { type Db, newId } from './client'

/** What an erasure removed; `jobId` names the job deleting the events when they did not fit one step. */
export interface Erased {
  leads: number
  visitors: number
  jobId: string | null
}

/**
 * Erases lead `id` of the site. Null when the site has no such lead.
 * @example
 * const erased = await eraseLead(db, siteId, 'ld_…', actorOf(c), Date.now())
 * if (!erased) throw new ProblemError(404, 'no such lead')
 */
export async function eraseLead(db: Db, siteId: string, id: string, who: Actor, now: number, via = 'lead id'): Promise<Erased | null> {
  const lead = await db.select({ id: leads.id, email: leads.email }).from(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))).get()
  if (!lead) return null
  return eraseFound(db, siteId, lead, who, now, 'lead.erase', via)
}

/**
 * Erases the lead with this (normalised) email, and the address wherever else a payload holds it.
 * @example
 * await eraseByEmail(db, siteId, 'jane@acme.com', actorOf(c), Date.now()) // { leads: 1, visitors: 2, jobId: null }
 */
export async function eraseByEmail(db: Db, siteId: string, email: string, who: Actor, now: number): Promise<Erased> {
  const lead = await db.select({ id: leads.id }).from(leads).where(and(eq(leads.siteId, siteId), eq(leads.email, email))).get()
  if (lead) return eraseFound(db, siteId, { id: lead.id, email }, who, now, 'erasure', 'email')
  await db.batch([
    ...mentionStatements(db, siteId, null, email),
    auditEntry(db, { siteId, who, action: 'erasure', summary: { via: 'email', erased: { leads: 0, visitors: 0 } }, at: now }),
  ])
  return { leads: 0, visitors: 0, jobId: null }
}

async function eraseFound(db: Db, siteId: string, lead: { id: string; email: string }, who: Actor, now: number, action: 'lead.erase' | 'erasure', via: string): Promise<Erased> {
  const devices = (await db.select({ id: visitors.id }).from(visitors).where(and(eq(visitors.leadId, lead.id), eq(visitors.siteId, siteId)))).map((v) => v.id)
  const total =
    (
      await db.$client
        .prepare('select count(*) as n from events where lead_id = ?1 or (visitor_id in (select value from json_each(?2)) and lead_id is null)')
        .bind(lead.id, JSON.stringify(devices))
        .first<{ n: number }>()
    )?.n ?? 0
  // more than one step of events: a job deletes them after the answer (ids only, no personal data)
  const jobId = total > ERASE_STEP_EVENTS ? newId('job') : null
  const eventRows = jobId
    ? [db.insert(jobs).values({ id: jobId, siteId, kind: 'erase', total, state: { leadId: lead.id, visitors: devices }, createdAt: now, updatedAt: now })]
    : [
        db.delete(events).where(and(eq(events.siteId, siteId), inArray(events.visitorId, devices), isNull(events.leadId))),
        db.delete(events).where(and(eq(events.siteId, siteId), eq(events.leadId, lead.id))),
      ]
  await db.batch([
    ...mentionStatements(db, siteId, lead.id, lead.email),
    ...eventRows,
    ...leadStatements(db, siteId, lead.id),
    auditEntry(db, { siteId, who, action, summary: { via, erased: { leads: 1, visitors: devices.length } }, at: now }),
  ])
  return { leads: 1, visitors: devices.length, jobId }
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

function leadStatements(db: Db, siteId: string, id: string) {
  // a device another lead also identified on: its events there are that person's, and it stays theirs
  const shared = sql`exists (select 1 from ${events} o where o.visitor_id = ${visitors.id} and o.lead_id is not null and o.lead_id <> ${id})`
  return [
    db.delete(alerts).where(eq(alerts.leadId, id)),
    db.delete(stageTransitions).where(eq(stageTransitions.leadId, id)),
    db.update(visitors).set({ leadId: null }).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId), shared)),
    db.delete(visitors).where(and(eq(visitors.leadId, id), eq(visitors.siteId, siteId))),
    db.delete(leads).where(and(eq(leads.id, id), eq(leads.siteId, siteId))),
  ] as const
}

/**
 * The person as a colleague in other leads' alerts (AlertContext.account.people), anywhere else a payload
 * names the address, and in jobs' findings (a dry run's or rescore's stage changes list lead id and email).
 */
function mentionStatements(db: Db, siteId: string, id: string | null, email: string) {
  const mentions = and(eq(alerts.siteId, siteId), id ? ne(alerts.leadId, id) : undefined, sql`instr(${alerts.payload}, ${email}) > 0`)
  const scrub = (col: typeof jobs.state | typeof jobs.result) =>
    id ? sql`replace(replace(${col}, ${email}, '[erased]'), ${id}, '[erased]')` : sql`replace(${col}, ${email}, '[erased]')`
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
    db
      .update(jobs)
      .set({ state: scrub(jobs.state), result: scrub(jobs.result) })
      .where(and(eq(jobs.siteId, siteId), sql`(instr(${jobs.state}, ${email}) > 0 or instr(coalesce(${jobs.result}, ''), ${email}) > 0)`)),
  ] as const
}

/** Events an erase step deletes. */
export const ERASE_STEP_EVENTS = 500

/**
 * One erasure step: the ids of up to ERASE_STEP_EVENTS events of the erased lead, or anonymous ones on its devices, and the
 * DELETE of exactly those (idempotent: a repeated step deletes nothing twice).
 * @example
 * const { count, writes } = await eraseEventsStep(env.DB, 'ld_…', ['vi_…'])
 */
export async function eraseEventsStep(d1: D1Database, leadId: string, visitorIds: string[]): Promise<{ count: number; writes: D1PreparedStatement[] }> {
  const r = await d1
    .prepare(`select id from events where lead_id = ?1 or (visitor_id in (select value from json_each(?2)) and lead_id is null) limit ?3`)
    .bind(leadId, JSON.stringify(visitorIds), ERASE_STEP_EVENTS)
    .all<{ id: number }>()
  const ids = r.results.map((x) => x.id)
  if (ids.length === 0) return { count: 0, writes: [] }
  return { count: ids.length, writes: [d1.prepare('delete from events where id in (select value from json_each(?1))').bind(JSON.stringify(ids))] }
}
