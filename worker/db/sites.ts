/** Creating a site: the site row and its first API key, written together. */
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm'
import { apiKeys, type SiteAlerts, sites } from '../../schema/tables'
import { newApiKey } from '../http/api-key.js'
import { randomSecret } from '../http/crypto'
import { auditEntry } from './audit'
import { type Db, newId } from './client'
import { iso } from '../scoring/time'

/** A created site's secrets: each is shown once and never again. */
export interface CreatedSite {
  id: string
  siteKey: string
  apiKey: string
  webhookSecret?: string
  identitySecret: string
}

/**
 * Creates a site with its first API key in one batch; a webhook signing secret comes with a webhook URL.
 * @example
 * const { id, siteKey, apiKey } = await createSite(db, { name: 'Acme', domains: ['acme.com'] }, Date.now())
 */
export async function createSite(db: Db, input: { name: string; domains: string[]; alerts?: SiteAlerts }, now: number): Promise<CreatedSite> {
  const id = newId('site')
  const siteKey = randomSecret('sk', 12)
  const { key: apiKey, prefix, keyHash } = await newApiKey()
  const keyId = newId('key')
  const webhookSecret = input.alerts?.webhookUrl ? randomSecret('whsec', 24) : undefined
  const identitySecret = newIdentitySecret()
  await db.batch([
    db.insert(sites).values({ id, siteKey, name: input.name, domains: input.domains, alerts: input.alerts ?? {}, webhookSecret, identitySecret, createdAt: now }),
    db.insert(apiKeys).values({ id: keyId, siteId: id, name: 'default', scope: 'admin', prefix, keyHash, createdAt: now }),
    auditEntry(db, {
      siteId: id,
      who: { actor: 'operator' },
      action: 'site.create',
      summary: { name: input.name, domains: input.domains, alerts: input.alerts ?? {}, key: { id: keyId, name: 'default', scope: 'admin' } },
      at: now,
    }),
  ])
  return { id, siteKey, apiKey, identitySecret, ...(webhookSecret ? { webhookSecret } : {}) }
}

/**
 * A fresh identity secret: the HMAC key a site's server signs emails with.
 * @example
 * newIdentitySecret() // 'idsec_…'
 */
export const newIdentitySecret = (): string => randomSecret('idsec', 24)

/** A site as the operator lists it. */
export interface SiteSummary {
  id: string
  name: string
  domains: string[]
  siteKey: string
  suspendedAt: string | null
  createdAt: string
}

/**
 * One page of every site, oldest first (the operator's list): up to `limit` after the (createdAt, id)
 * key `after`, with the key of the last one when more may follow.
 * @example
 * const { data, next } = await listSites(db, 50, null)
 * const page2 = await listSites(db, 50, next)
 */
export async function listSites(db: Db, limit: number, after: SiteKey | null): Promise<{ data: SiteSummary[]; next: SiteKey | null }> {
  const rows = await db
    .select({ id: sites.id, name: sites.name, domains: sites.domains, siteKey: sites.siteKey, suspendedAt: sites.suspendedAt, createdAt: sites.createdAt })
    .from(sites)
    .where(and(isNull(sites.deletedAt), after ? or(gt(sites.createdAt, after[0]), and(eq(sites.createdAt, after[0]), gt(sites.id, after[1]))) : undefined))
    .orderBy(asc(sites.createdAt), asc(sites.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    data: page.map((r) => ({ ...r, suspendedAt: iso(r.suspendedAt), createdAt: iso(r.createdAt) as string })),
    next: rows.length > limit && last ? [last.createdAt, last.id] : null,
  }
}

/** Where a page of the site list ends: the last site's createdAt (ms) and id. */
export type SiteKey = [number, string]

/**
 * Suspends (ingest refused, keys and app sessions stop working) or resumes a site; audited as the
 * operator. False when there is no such site.
 * @example
 * await setSuspended(db, 'site_1', true, Date.now())
 */
export async function setSuspended(db: Db, siteId: string, suspended: boolean, now: number): Promise<boolean> {
  // the audit entry's foreign key needs the site: an unknown id must be a 404, not a failed batch
  const site = await db.select({ id: sites.id }).from(sites).where(and(eq(sites.id, siteId), isNull(sites.deletedAt))).get()
  if (!site) return false
  await db.batch([
    db.update(sites).set({ suspendedAt: suspended ? now : null }).where(eq(sites.id, siteId)),
    auditEntry(db, { siteId, who: { actor: 'operator' }, action: suspended ? 'site.suspend' : 'site.resume', summary: {}, at: now }),
  ])
  return true
}


/**
 * The site's id and name unless it is gone or being deleted (the operator's delete looks it up first).
 * @example
 * const site = await liveSite(db, 'site_1') // undefined: 404
 */
export async function liveSite(db: Db, siteId: string): Promise<{ id: string; name: string } | undefined> {
  return db.select({ id: sites.id, name: sites.name }).from(sites).where(and(eq(sites.id, siteId), isNull(sites.deletedAt))).get()
}
