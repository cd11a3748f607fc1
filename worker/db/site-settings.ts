/**
 * The key's own site as the marketer API shows and changes it. Alert channels are patched JSON-merge
 * style (a string sets a channel, null removes it, an absent key keeps it), then validated as a whole.
 */
import { eq, sql } from 'drizzle-orm'
import { type ChannelHealth, type SiteAlerts, sites } from '../../schema/tables'
import { healthAfterAlertsChange } from '../alerts'
import { randomSecret } from '../http/crypto'
import { describeIssues, ProblemError } from '../http/problem'
import { scriptTag } from '../routes/sites'
import type { Db, SiteRow } from './client'
import { AlertsSchema, alertsProblem } from './sites'
import { iso } from '../scoring/time'

/** The site as `GET /api/v1/site` shows it (no secrets). */
export interface SiteView {
  id: string
  name: string
  siteKey: string
  scriptTag: string
  domains: string[]
  alerts: SiteAlerts
  alertOnMql: boolean
  alertCooldownDays: number
  retentionDays: number
  /** read-only: channels a 404/410 marked broken (cleared when their address changes) */
  channelHealth: Record<string, { broken: boolean; at: string; status?: number; error?: string }>
  /** whether webhooks are signed (the secret itself is only ever shown once) */
  webhookSecretSet: boolean
  modelVersion: number
  createdAt: string
}

/** A validated PATCH body (domains already normalised). */
export interface SitePatch {
  name?: string
  domains?: string[]
  alerts?: { slackWebhookUrl?: string | null; email?: string | null; webhookUrl?: string | null }
  alertOnMql?: boolean
  alertCooldownDays?: number
  retentionDays?: number
}

const health = (h: ChannelHealth): SiteView['channelHealth'] =>
  Object.fromEntries(Object.entries(h ?? {}).map(([ch, v]) => [ch, { ...v, at: iso(v.at) }]))

/**
 * A site row as the API shows it.
 * @example
 * toSiteView(row, 'https://lb.example.workers.dev')
 */
export function toSiteView(row: SiteRow, origin: string): SiteView {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.siteKey,
    scriptTag: scriptTag(origin, row.siteKey),
    domains: row.domains,
    alerts: row.alerts ?? {},
    alertOnMql: row.alertOnMql,
    alertCooldownDays: row.alertCooldownDays,
    retentionDays: row.retentionDays,
    channelHealth: health(row.channelHealth),
    webhookSecretSet: row.webhookSecret !== null,
    modelVersion: row.modelVersion,
    createdAt: iso(row.createdAt),
  }
}

/**
 * The site row of an API key's site (it exists: the key references it).
 * @example
 * const row = await siteRow(db, c.get('siteId'))
 */
export async function siteRow(db: Db, siteId: string): Promise<SiteRow> {
  const row = await db.select().from(sites).where(eq(sites.id, siteId)).get()
  if (!row) throw new ProblemError(404, 'the site of this API key no longer exists', { type: 'not-found' })
  return row
}

/**
 * Applies a patch. Setting a webhook on a site that has no signing secret creates one — written with
 * `coalesce`, so of two racing requests only the one whose secret was stored returns it.
 * @example
 * const { row, webhookSecret } = await patchSite(db, siteId, { alerts: { webhookUrl: 'https://crm.example/hook' } }, false)
 */
export async function patchSite(db: Db, siteId: string, patch: SitePatch, local: boolean): Promise<{ row: SiteRow; webhookSecret?: string }> {
  const before = await siteRow(db, siteId)
  const set: Partial<typeof sites.$inferInsert> = {}
  if (patch.name !== undefined) set.name = patch.name
  if (patch.domains !== undefined) set.domains = patch.domains
  if (patch.alertOnMql !== undefined) set.alertOnMql = patch.alertOnMql
  if (patch.alertCooldownDays !== undefined) set.alertCooldownDays = patch.alertCooldownDays
  if (patch.retentionDays !== undefined) set.retentionDays = patch.retentionDays
  let newSecret: string | undefined
  if (patch.alerts !== undefined) {
    const merged: Record<string, string> = { ...(before.alerts ?? {}) }
    for (const [k, v] of Object.entries(patch.alerts)) {
      if (v === null) delete merged[k]
      else if (v !== undefined) merged[k] = v
    }
    const parsed = AlertsSchema.safeParse(merged)
    if (!parsed.success) throw new ProblemError(400, `alerts: ${describeIssues(parsed.error, '(alerts)')}`, { type: 'invalid-request' })
    const bad = alertsProblem(parsed.data, local)
    if (bad) throw new ProblemError(400, bad, { type: 'invalid-alert-channel' })
    set.alerts = parsed.data
    set.channelHealth = healthAfterAlertsChange(before.alerts ?? {}, parsed.data, before.channelHealth ?? {})
    if (parsed.data.webhookUrl && before.webhookSecret === null) newSecret = randomSecret('whsec', 24)
  }
  const stmt = db
    .update(sites)
    .set({ ...set, ...(newSecret ? { webhookSecret: sql`coalesce(${sites.webhookSecret}, ${newSecret})` } : {}) })
    .where(eq(sites.id, siteId))
  const [row] = Object.keys(set).length || newSecret ? await stmt.returning() : [before]
  return { row, ...(newSecret && row.webhookSecret === newSecret ? { webhookSecret: newSecret } : {}) }
}
