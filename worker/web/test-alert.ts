/**
 * "Send a test alert": an SQL alert about the site's top lead, through the real outbox and channels
 * (same rows, same renderers, same delivery and retries as a real one), with the site name marked
 * "(test alert)" so nobody mistakes it for news. It shows in that lead's alert history like any other.
 */
import { desc, eq } from 'drizzle-orm'
import { alerts, leads } from '../../schema/tables'
import { alertRowsFor, buildAlertContext, sendAlerts, type SendSummary } from '../alerts'
import { database, newId } from '../db/client'
import { siteRow } from '../db/site-settings'
import type { Env } from '../env'
import { leadLinkToken } from '../http/lead-link'

/**
 * Queues and sends the test alert; null when the site has no lead to describe yet.
 * @example
 * const r = await sendTestAlert(c.env, siteId, new URL(c.req.url).origin, Date.now())
 */
export async function sendTestAlert(env: Env, siteId: string, origin: string, now: number): Promise<{ summary: SendSummary; channels: string[]; email: string } | null> {
  const db = database(env.DB)
  const site = await siteRow(db, siteId)
  const lead = await db.select().from(leads).where(eq(leads.siteId, siteId)).orderBy(desc(leads.score)).limit(1).get()
  if (!lead) return null
  const context = buildAlertContext({
    site: { id: site.id, name: `${site.name} (test alert)` },
    stage: 'sql',
    reengaged: false,
    at: now,
    lead: { ...lead, stage: lead.stage },
    breakdown: Array.isArray(lead.breakdown) ? (lead.breakdown as { rule: string; points: number }[]) : [],
    events: [],
    account: null,
    publicUrl: env.PUBLIC_URL ?? origin,
    leadToken: await leadLinkToken(env.ADMIN_TOKEN, siteId, lead.id, now),
  })
  const rows = alertRowsFor({ site: { ...site, alertOnMql: true }, transition: { id: newId('test'), to: 'sql', reengaged: false }, context, now, env })
  if (rows.length) await db.insert(alerts).values(rows)
  const summary = await sendAlerts(env, rows.filter((r) => r.status === 'pending').map((r) => r.id), now)
  summary.refused += rows.filter((r) => r.status === 'refused').length
  return { summary, channels: rows.map((r) => r.channel), email: lead.email }
}
