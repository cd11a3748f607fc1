import { and, desc, eq, isNull, or, sql } from 'drizzle-orm'
import { events, leads, scoringModels, sites, visitors } from '../../schema/tables'
import type { Db, EventRow, LeadRow, SiteRow, VisitorRow } from '../db/client'

/** How many of a lead's newest events scoring reads; older ones have decayed to nothing. */
export const HISTORY_LIMIT = 5000

/** Everything one ingest request needs to decide, read in one D1 round trip. */
export interface Snapshot {
  site: (SiteRow & { model: unknown }) | undefined
  visitor: VisitorRow | undefined
  /** the lead the visitor is already linked to */
  visitorLead: LeadRow | undefined
  /** the lead of the email this batch identifies with, if any */
  emailLead: LeadRow | undefined
  /** events of both leads and the visitor's anonymous ones, newest first */
  history: EventRow[]
}

/**
 * Reads site, model, visitor, its lead, the identified email's lead and their histories in one
 * `batch()`: every query keys off the site key and visitor id through subqueries, so none waits for
 * another's answer.
 * @example
 * const snap = await readSnapshot(db, 'demo', 'k3j…', 'ana@acme.io')
 */
export async function readSnapshot(db: Db, siteKey: string, vid: string, email: string | null): Promise<Snapshot> {
  const siteId = sql`(select ${sites.id} from ${sites} where ${sites.siteKey} = ${siteKey})`
  const visitorId = sql`(select ${visitors.id} from ${visitors} where ${visitors.siteId} = ${siteId} and ${visitors.vid} = ${vid})`
  const visitorLeadId = sql`(select ${visitors.leadId} from ${visitors} where ${visitors.siteId} = ${siteId} and ${visitors.vid} = ${vid})`
  const emailLeadId = sql`(select ${leads.id} from ${leads} where ${leads.siteId} = ${siteId} and ${leads.email} = ${email ?? ''})`
  const [siteRows, visitorRows, visitorLeadRows, emailLeadRows, history] = await db.batch([
    db
      .select({ site: sites, model: scoringModels.model })
      .from(sites)
      .leftJoin(scoringModels, and(eq(scoringModels.siteId, sites.id), eq(scoringModels.version, sites.modelVersion)))
      .where(eq(sites.siteKey, siteKey)),
    db.select().from(visitors).where(eq(visitors.id, visitorId)),
    db.select().from(leads).where(eq(leads.id, visitorLeadId)),
    db.select().from(leads).where(eq(leads.id, emailLeadId)),
    db
      .select()
      .from(events)
      .where(
        or(
          eq(events.leadId, visitorLeadId),
          eq(events.leadId, emailLeadId),
          and(eq(events.visitorId, visitorId), isNull(events.leadId)),
        ),
      )
      .orderBy(desc(events.at))
      .limit(HISTORY_LIMIT),
  ])
  const s = siteRows[0]
  return {
    site: s ? { ...s.site, model: s.model } : undefined,
    visitor: visitorRows[0],
    visitorLead: visitorLeadRows[0],
    emailLead: email ? emailLeadRows[0] : undefined,
    history,
  }
}
