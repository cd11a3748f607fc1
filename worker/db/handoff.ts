/** The reads the sales handoff (Slack buttons, email links) needs around a decision. */
import { and, eq } from 'drizzle-orm'
import { leads, sites } from '../../schema/tables'
import type { Db } from './client'

/**
 * The site's Slack signing secret, or null (no such site, or no Slack app configured).
 * @example
 * const secret = await slackSigningSecret(db, 'st_…')
 */
export async function slackSigningSecret(db: Db, siteId: string): Promise<string | null> {
  const row = await db.select({ secret: sites.slackSigningSecret }).from(sites).where(eq(sites.id, siteId)).get()
  return row?.secret ?? null
}

/**
 * What a reply names: the lead of THIS site (undefined when the id is another site's, or unknown).
 * @example
 * const lead = await handoffLead(db, siteId, leadId)
 */
export async function handoffLead(db: Db, siteId: string, leadId: string) {
  return db
    .select({ id: leads.id, name: leads.name, email: leads.email, company: leads.company, stage: leads.stage, score: leads.score, recycledAt: leads.recycledAt })
    .from(leads)
    .where(and(eq(leads.id, leadId), eq(leads.siteId, siteId)))
    .get()
}
