import { env } from 'cloudflare:test'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/d1'
import { alerts, leads, type SiteAlerts, sites } from '../../../schema/tables'
import type { AlertSite } from '../../../worker/alerts/channels'
import { buildAlertContext } from '../../../worker/alerts/context'
import { alertRowsFor } from '../../../worker/alerts/outbox'

export const db = () => drizzle(env.DB)

/**
 * A site with the given channels, one SQL lead, and the outbox rows its transition queues — inserted
 * as the ingest batch would insert them.
 * @example
 * const { ids } = await seedAlert({ alerts: { slackWebhookUrl: rx.url }, now: T0 })
 */
export async function seedAlert(opts: {
  alerts: SiteAlerts
  now: number
  webhookSecret?: string | null
  sendEnv?: Pick<typeof env, 'ENVIRONMENT' | 'EMAIL'>
  /** whether the owner of alerts.email confirmed it (default: yes) */
  emailConfirmed?: boolean
  emailDailyCap?: number
}) {
  const id = crypto.randomUUID().slice(0, 8)
  const site: AlertSite = {
    id: `st_${id}`,
    name: 'Acme <Analytics>',
    alerts: opts.alerts,
    channelHealth: {},
    webhookSecret: opts.webhookSecret === undefined ? `whsec_${id}` : opts.webhookSecret,
    alertOnMql: false,
    alertEmailConfirmed: opts.emailConfirmed === false ? null : (opts.alerts.email ?? null),
  }
  await db().insert(sites).values({ ...site, siteKey: `key_${id}`, domains: ['acme.test'], createdAt: opts.now, ...(opts.emailDailyCap ? { emailDailyCap: opts.emailDailyCap } : {}) })
  const lead = {
    id: `ld_${id}`,
    email: `jane.${id}@bigco.test`,
    name: '<!channel> Jane',
    company: 'BigCo & Sons',
    title: 'VP Sales',
    score: 91,
    engagementScore: 61,
    fitScore: 30,
    grade: 'A1',
    stage: 'sql' as const,
    firstSeenAt: opts.now - 86_400_000,
    lastSeenAt: opts.now,
  }
  await db().insert(leads).values({ ...lead, siteId: site.id, scoredAt: opts.now, createdAt: opts.now })
  const context = buildAlertContext({
    site: { id: site.id, name: site.name },
    stage: 'sql',
    reengaged: false,
    at: opts.now,
    lead,
    breakdown: [{ rule: 'demo_requested', points: 40 }, { rule: 'pricing_page', points: 12 }],
    events: [{ type: 'page_view', path: '/pricing', at: opts.now - 1000 }],
    account: null,
    publicUrl: 'https://lb.example.com',
  })
  const rows = alertRowsFor({ site, transition: { id: `tr_${id}`, to: 'sql', reengaged: false }, context, now: opts.now, env: opts.sendEnv ?? env })
  if (rows.length) await db().insert(alerts).values(rows)
  return { site, lead, context, rows, ids: rows.map((r) => r.id) }
}

/** The stored alert row. */
export async function alertRow(id: string) {
  const [row] = await db().select().from(alerts).where(eq(alerts.id, id))
  return row
}

/** The stored site row. */
export async function siteRow(id: string) {
  const [row] = await db().select().from(sites).where(eq(sites.id, id))
  return row
}
