/** Creating a site: the site row and its first API key, written together. */
import { apiKeys, type SiteAlerts, sites } from '../../schema/tables'
import { newApiKey } from '../http/api-key.js'
import { randomSecret } from '../http/crypto'
import { type Db, newId } from './client'

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
  const webhookSecret = input.alerts?.webhookUrl ? randomSecret('whsec', 24) : undefined
  const identitySecret = newIdentitySecret()
  await db.batch([
    db.insert(sites).values({ id, siteKey, name: input.name, domains: input.domains, alerts: input.alerts ?? {}, webhookSecret, identitySecret, createdAt: now }),
    db.insert(apiKeys).values({ id: newId('key'), siteId: id, name: 'default', prefix, keyHash, createdAt: now }),
  ])
  return { id, siteKey, apiKey, identitySecret, ...(webhookSecret ? { webhookSecret } : {}) }
}

/**
 * A fresh identity secret: the HMAC key a site's server signs emails with.
 * @example
 * newIdentitySecret() // 'idsec_…'
 */
export const newIdentitySecret = (): string => randomSecret('idsec', 24)
