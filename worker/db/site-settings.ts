/** The key's own site: read it, change its settings. */
import { eq, sql } from 'drizzle-orm'
import { type ChannelHealth, type IngestLimitSettings, type SiteAlerts, sites } from '../../schema/tables'
import { randomSecret } from '../http/crypto'
import { ProblemError } from '../http/problem'
import type { Db, SiteRow } from './client'
import { newIdentitySecret } from './sites'

/** A validated change to a site's settings (alert channels already merged and checked). */
export interface SiteChange {
  name?: string
  domains?: string[]
  alerts?: SiteAlerts
  channelHealth?: ChannelHealth
  alertOnMql?: boolean
  alertCooldownDays?: number
  retentionDays?: number
  salesSlaHours?: number | null
  slackSigningSecret?: string | null
  requireVerifiedIdentity?: boolean
  ingestLimits?: IngestLimitSettings
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
 * Applies a change to the site read as `before`. Setting a webhook on a site that has no signing secret
 * creates one — written with `coalesce`, so of two racing requests only the one whose secret was stored
 * returns it.
 * @example
 * const { row, webhookSecret } = await patchSite(db, before, { alertOnMql: true })
 */
export async function patchSite(db: Db, before: SiteRow, change: SiteChange): Promise<{ row: SiteRow; webhookSecret?: string }> {
  const set: Partial<typeof sites.$inferInsert> = {}
  // null is a value here (it clears salesSlaHours or the signing secret); only undefined means unchanged
  for (const [k, v] of Object.entries(change)) if (v !== undefined) Object.assign(set, { [k]: v })
  const newSecret = change.alerts?.webhookUrl && before.webhookSecret === null ? randomSecret('whsec', 24) : undefined
  const stmt = db
    .update(sites)
    .set({ ...set, ...(newSecret ? { webhookSecret: sql`coalesce(${sites.webhookSecret}, ${newSecret})` } : {}) })
    .where(eq(sites.id, before.id))
  const [row] = Object.keys(set).length || newSecret ? await stmt.returning() : [before]
  return { row, ...(newSecret && row.webhookSecret === newSecret ? { webhookSecret: newSecret } : {}) }
}

/**
 * Replaces the site's identity secret: every hash made with the old one stops verifying at once.
 * @example
 * const secret = await rotateIdentitySecret(db, siteId)
 */
export async function rotateIdentitySecret(db: Db, siteId: string): Promise<string> {
  const secret = newIdentitySecret()
  await db.update(sites).set({ identitySecret: secret }).where(eq(sites.id, siteId))
  return secret
}
