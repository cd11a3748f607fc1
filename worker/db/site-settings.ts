/** The key's own site: read it, change its settings. */
import { eq, sql } from 'drizzle-orm'
import { type ChannelHealth, type IngestLimitSettings, type SiteAlerts, sites } from '../../schema/tables'
import { randomSecret } from '../http/crypto'
import { ProblemError } from '../http/problem'
import { type Actor, auditEntry, diff } from './audit'
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
  emailDailyCap?: number
}

/** The settings an audit entry compares (everything a marketer can change; no secrets). */
const AUDITED = ['name', 'domains', 'alerts', 'alertOnMql', 'alertCooldownDays', 'retentionDays', 'emailDailyCap', 'salesSlaHours', 'requireVerifiedIdentity', 'ingestLimits'] as const

/**
 * Before/after of the audited settings a change touches (secrets and URL paths are redacted on write).
 * @example
 * siteChangeSummary(row, { retentionDays: 30 }) // → { retentionDays: { before: 395, after: 30 } }
 */
export function siteChangeSummary(before: SiteRow, change: SiteChange): Record<string, { before: unknown; after: unknown }> {
  const pick = (o: Record<string, unknown>) => Object.fromEntries(AUDITED.map((k) => [k, o[k]]))
  return diff(pick(before), pick({ ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) }))
}

/**
 * The site row of an API key's site (it exists: the key references it).
 * @example
 * const row = await siteRow(db, c.get('siteId'))
 */
export async function siteRow(db: Db, siteId: string): Promise<SiteRow> {
  const row = await db.select().from(sites).where(eq(sites.id, siteId)).get()
  if (!row || row.deletedAt !== null) throw new ProblemError(404, 'the site of this API key no longer exists', { type: 'not-found' })
  return row
}

/**
 * Applies a change to the site read as `before`. Setting a webhook on a site that has no signing secret
 * creates one — written with `coalesce`, so of two racing requests only the one whose secret was stored
 * returns it.
 * @example
 * const { row, webhookSecret } = await patchSite(db, before, { alertOnMql: true }, { actor: 'key:default' }, Date.now())
 */
export async function patchSite(db: Db, before: SiteRow, change: SiteChange, who: Actor, now: number): Promise<{ row: SiteRow; webhookSecret?: string }> {
  const set: Partial<typeof sites.$inferInsert> = {}
  // null is a value here (it clears salesSlaHours or the signing secret); only undefined means unchanged
  for (const [k, v] of Object.entries(change)) if (v !== undefined) Object.assign(set, { [k]: v })
  const newSecret = change.alerts?.webhookUrl && before.webhookSecret === null ? randomSecret('whsec', 24) : undefined
  // nothing to set (an empty PATCH): drizzle refuses an empty SET, and there is nothing to audit
  if (!Object.keys(set).length && !newSecret) return { row: before }
  const stmt = db
    .update(sites)
    .set({ ...set, ...(newSecret ? { webhookSecret: sql`coalesce(${sites.webhookSecret}, ${newSecret})` } : {}) })
    .where(eq(sites.id, before.id))
  const summary = { ...siteChangeSummary(before, change), ...(newSecret ? { webhookSecretCreated: true } : {}) }
  const [[row]] = await db.batch([stmt.returning(), auditEntry(db, { siteId: before.id, who, action: 'site.update', summary, at: now })])
  return { row, ...(newSecret && row.webhookSecret === newSecret ? { webhookSecret: newSecret } : {}) }
}

/**
 * Replaces the site's identity secret: every hash made with the old one stops verifying at once.
 * @example
 * const secret = await rotateIdentitySecret(db, siteId, { actor: 'key:default' }, Date.now())
 */
export async function rotateIdentitySecret(db: Db, siteId: string, who: Actor, now: number): Promise<string> {
  const secret = newIdentitySecret()
  // the entry says that it happened and who did it; the secret itself is never in the log
  await db.batch([
    db.update(sites).set({ identitySecret: secret }).where(eq(sites.id, siteId)),
    auditEntry(db, { siteId, who, action: 'site.identity-secret-rotate', summary: {}, at: now }),
  ])
  return secret
}

/** How a confirmation link went: confirmed now, confirmed before, or no longer the site's address. */
export type ConfirmResult = 'confirmed' | 'already' | 'stale'

/**
 * Records that the owner of `email` confirmed it as site `siteId`'s alert address — only while it still
 * is that address (a link for an address changed since confirms nothing). Audited as "email:<address>".
 * @example
 * await confirmAlertEmail(db, link.siteId, link.email, Date.now()) // 'confirmed'
 */
export async function confirmAlertEmail(db: Db, siteId: string, email: string, now: number): Promise<ConfirmResult> {
  const isAddress = sql`${sites.id} = ${siteId} and json_extract(${sites.alerts}, '$.email') = ${email}`
  const done = await db
    .update(sites)
    .set({ alertEmailConfirmed: email })
    .where(sql`${isAddress} and ${sites.alertEmailConfirmed} is not ${email}`)
    .returning({ id: sites.id })
  if (done.length) {
    await auditEntry(db, { siteId, who: { actor: `email:${email}` }, action: 'site.email-confirmed', summary: { email }, at: now })
    return 'confirmed'
  }
  const row = await db.select({ id: sites.id }).from(sites).where(sql`${isAddress} and ${sites.alertEmailConfirmed} = ${email}`).get()
  return row ? 'already' : 'stale'
}
